import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { createStacks } from '../../stacks/app';

const root = path.resolve(__dirname, '../..');

/** Every file under dir, relative path -> content. */
function tree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(path.relative(dir, p), fs.readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

/** Synthesizes every stack of the app with `cwd` as working directory into `outdir`. */
function synthFrom(cwd: string, outdir: string): Map<string, string> {
  const previous = process.cwd();
  process.chdir(cwd);
  try {
    const app = new App({ outdir });
    createStacks(app);
    app.synth();
  } finally {
    process.chdir(previous);
  }
  return tree(path.join(outdir, 'stacks'));
}

describe('synthesized output is deterministic', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tpu-gke-det-'));
  const first = synthFrom(root, path.join(tmp, 'a'));
  const otherCwd = fs.mkdtempSync(path.join(os.tmpdir(), 'tpu-gke-cwd-'));
  const second = synthFrom(otherCwd, path.join(tmp, 'b'));

  test('every stack is synthesized', () => {
    const stacks = [...new Set([...first.keys()].map((k) => k.split(path.sep)[0]))].sort();
    expect(stacks).toEqual(expect.arrayContaining(['subslicing', 'superslicing']));
  });

  test('twice, from different working directories and output directories: identical files', () => {
    expect([...second.keys()]).toEqual([...first.keys()]);
    for (const [file, content] of first) expect({ file, content: second.get(file) }).toEqual({ file, content });
  });

  test('no absolute paths, no timestamps', () => {
    for (const [file, content] of first) {
      expect({ file, hasRoot: content.includes(root) }).toEqual({ file, hasRoot: false });
      expect({ file, hasTmp: content.includes(tmp) || content.includes(otherCwd) }).toEqual({ file, hasTmp: false });
      expect({ file, hasTimestamp: /20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/.test(content) && !file.endsWith('.yaml') }).toEqual({ file, hasTimestamp: false });
    }
  });
});
