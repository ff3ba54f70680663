import { parse } from 'yaml';
import { isPlainSafe, writeYaml } from '../../lib/k8s/yaml-writer';

const TRICKY = [
  'yes', 'No', 'ON', 'off', 'y', 'n', 'true', 'False', 'null', '~', '', ' ', ' leading', 'trailing ', 'a: b', 'a #b', 'ends:',
  '0755', '1e3', '1_000', '0x1F', '0o17', '12:30', '1:20:30.5', '.5', '-1', '+1', '.inf', '-.Inf', '.NaN', '1.0', '3',
  '2026-01-01', '2026-01-01T00:00:00Z', '@at', '`tick', '!tag', '&anchor', '*alias', '|pipe', '>fold', '%pct', '#hash',
  '[list]', '{map}', '"quoted"', "'single'", '- dash', '-', '--', '?', ':', ',', 'tab\there', 'bell\u0007', 'é ünïcödé',
  'line1\nline2', 'line1\nline2\n', 'line1\n\n', '\nstarts with newline', ' indented\nsecond', 'a\r\nb', 'x\u2028y',
  '2x2x2', '4x4', '10.10.0.0/18', '850Gi', 'gs://bucket/path', 'ghcr.io/llm-d/llm-d-routing-sidecar:v0.8.0', '--port=8000',
  '-c', 'cloud.google.com/gke-tpu-accelerator', 'implicit-dirs,file-cache:enable-parallel-downloads:true', '$(LWS_GROUP_SIZE)',
  '{"kv_connector":"TPUConnectorHMA"}', 'python3 -m vllm.entrypoints.openai.api_server', 'Low priority workloads',
];

describe('writeYaml', () => {
  test.each(TRICKY.map((s) => [JSON.stringify(s), s]))('%s reads back as the same string in YAML 1.1 and 1.2', (_label, s) => {
    const text = writeYaml({ key: s, list: [s], [s || 'empty']: 1 });
    for (const version of ['1.1', '1.2'] as const) {
      expect(parse(text, { version })).toEqual({ key: s, list: [s], [s || 'empty']: 1 });
    }
  });

  test('block layout: nested maps, sequences of maps, empty collections, scalars', () => {
    expect(writeYaml({
      objects: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', labels: {} }, data: { a: 'yes' } }],
      manifests: [], n: 3, b: false, z: null,
    })).toBe([
      'objects:',
      '  - apiVersion: v1',
      '    kind: ConfigMap',
      '    metadata:',
      '      name: x',
      '      labels: {}',
      '    data:',
      '      a: "yes"',
      'manifests: []',
      '"n": 3',
      'b: false',
      'z: null',
      '',
    ].join('\n'));
  });

  test('multi-line strings become literal blocks with the right chomping', () => {
    expect(writeYaml({ a: 'x\ny\n', b: 'x\ny', c: 'x\n\n' })).toBe('a: |\n  x\n  y\nb: |-\n  x\n  y\nc: |+\n  x\n\n');
    expect(parse(writeYaml({ a: 'x\ny\n', b: 'x\ny', c: 'x\n\n' }))).toEqual({ a: 'x\ny\n', b: 'x\ny', c: 'x\n\n' });
  });

  test('sequences of sequences and undefined fields', () => {
    const value = { a: [[1, 2], ['x']], skip: undefined };
    expect(parse(writeYaml(value))).toEqual({ a: [[1, 2], ['x']] });
  });

  test('verbatim strings are written as they are', () => {
    expect(writeYaml({ a: '${EXPR}' }, { verbatim: (s) => s === '${EXPR}' })).toBe('a: ${EXPR}\n');
    expect(writeYaml({ a: '${EXPR}' })).toBe('a: "${EXPR}"\n');
  });

  test('isPlainSafe keeps readable values unquoted', () => {
    for (const s of ['2x2x2', 'tpu7x', 'cloud.google.com/gke-tpu-accelerator', 'python:3.12', '-c', '850Gi', 'Low priority workloads']) {
      expect({ s, plain: isPlainSafe(s) }).toEqual({ s, plain: true });
    }
  });
});
