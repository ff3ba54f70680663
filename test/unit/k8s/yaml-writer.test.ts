/**
 * Unit tests of lib/k8s/yaml-writer.ts: each quoting rule on both sides.
 *
 * Sources: YAML 1.1 type repository (yaml.org/type: bool y|n|yes|no|on|off|true|false, null ~, int with
 * 0x/0o/0b/sexagesimal forms and underscores, float .inf/.nan, timestamp YYYY-M-D) and the YAML 1.2 core
 * schema; both are read by the tools that consume the output (Helm's go-yaml, kubectl, PyYAML).
 */
import { parse } from 'yaml';
import { isPlainSafe, writeYaml } from '../../../lib/k8s/yaml-writer';

describe('isPlainSafe', () => {
  test.each([
    'a', 'tpu7x', 'Yes-please', 'nope', 'onward', 'y1', 'truthy', 'null-ish', 'x.5', '1x', '2x2x1', '1.2.3', 'v1.2', '0xg'.slice(1),
    '12:ab', '2026-01', '--flag', '-c', 'a b c', 'path/to/file', '(paren)', '$(VAR)', 'a:b', 'k=v,x', 'a-', 'a "q"', 'a,',
    '_under', '.hidden', 'x@y',
  ])('%j stays plain', (s) => {
    expect(isPlainSafe(s)).toBe(true);
    expect(parse(`k: ${s}`, { version: '1.1' })).toEqual({ k: s });
    expect(parse(`k: ${s}`)).toEqual({ k: s });
  });

  test.each([
    '', 'y', 'N', 'yes', 'No', 'on', 'OFF', 'true', 'False', 'null', 'NULL', '~',
    '1', '-1', '+1', '1.5', '.5', '1.', '1e3', '1E-3', '1_000', '0x1F', '0o17', '0b101', '-0x1', '12:30', '1:20:30.5', '190:20:30',
    '.inf', '-.Inf', '+.INF', '.nan', '2026-01-01', '2026-1-1', '2026-01-01T10:00:00Z', '2026-01-01 10:00',
    'a: b', 'ends:', '-', '--', '- a', '-1a'.slice(0, 2), '?', ':', ' a', 'a ', 'a  b', '#c', 'a #c', '&a', '*a', '!a', '|a', '>a', '%a', '@a', '`a',
    '[a]', '{a}', '"a"', "'a'", "it's", 'tab\tx', 'a\nb',
  ])('%j is quoted', (s) => {
    expect(isPlainSafe(s)).toBe(false);
  });
});

describe('writeYaml', () => {
  test('top-level scalars and empty collections', () => {
    expect(writeYaml('yes')).toBe('"yes"\n');
    expect(writeYaml('plain')).toBe('plain\n');
    expect(writeYaml(3)).toBe('3\n');
    expect(writeYaml(true)).toBe('true\n');
    expect(writeYaml(null)).toBe('null\n');
    expect(writeYaml(undefined)).toBe('null\n');
    expect(writeYaml([])).toBe('[]\n');
    expect(writeYaml({})).toBe('{}\n');
  });

  test('sequences of sequences and of maps move their first line next to the dash', () => {
    expect(writeYaml([[1, [2, 3]], { a: 1, b: { c: [] } }, 'x'])).toBe('- - 1\n  - - 2\n    - 3\n- a: 1\n  b:\n    c: []\n- x\n');
  });

  test('literal blocks: chomping indicator from the trailing newlines, empty lines unindented', () => {
    expect(writeYaml({ a: 'x\n\ny' })).toBe('a: |-\n  x\n\n  y\n');
    expect(writeYaml({ a: 'x\n' })).toBe('a: |\n  x\n');
    expect(writeYaml({ a: 'x\n\n\n' })).toBe('a: |+\n  x\n\n\n');
    expect(writeYaml({ l: ['x\ny'] })).toBe('l:\n  - |-\n    x\n    y\n');
    for (const s of ['x\n\ny', 'x\n', 'x\n\n\n']) expect(parse(writeYaml({ a: s }))).toEqual({ a: s });
  });

  test('multi-line text that a literal block cannot carry is quoted', () => {
    expect(writeYaml({ a: ' x\ny' })).toBe('a: " x\\ny"\n');
    expect(writeYaml({ a: '\nx' })).toBe('a: "\\nx"\n');
    expect(writeYaml({ a: 'x\ty\nz' })).toBe('a: "x\\ty\\nz"\n');
    expect(writeYaml({ a: 'x\u0007\ny' })).toBe('a: "x\\u0007\\ny"\n');
  });

  test('keys are quoted by the same rules', () => {
    expect(writeYaml({ on: 1, 'a b': 2, '': 3 })).toBe('"on": 1\na b: 2\n"": 3\n');
  });

  test('the verbatim option applies to one call only', () => {
    expect(writeYaml({ a: 'X', b: ['X'] }, { verbatim: (s) => s === 'X' })).toBe('a: X\nb:\n  - X\n');
    expect(writeYaml({ a: '${x}' }, { verbatim: () => true })).toBe('a: ${x}\n');
    expect(writeYaml({ a: '${x}' })).toBe('a: "${x}"\n');
  });
});
