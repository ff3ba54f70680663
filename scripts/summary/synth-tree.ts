/**
 * Reads a synthesized cdktf tree (`cdktf.out/`) offline: the stack list from
 * `manifest.json` (falling back to `stacks/<name>/cdk.tf.json`) and each stack's JSON.
 */
import * as fs from 'fs';
import * as path from 'path';

/** Parsed synthesized JSON (cdk.tf.json) or any part of it. */
export type Json = Record<string, any>;

/** One synthesized stack. */
export interface SynthStack {
  readonly name: string;
  readonly json: Json;
}

/** Reads every stack of the tree at `dir`, in the manifest's order. Throws when `dir` holds no stacks. */
export function readSynthTree(dir: string): SynthStack[] {
  const manifestPath = path.join(dir, 'manifest.json');
  let entries: { name: string; file: string }[];
  if (fs.existsSync(manifestPath)) {
    const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as Json;
    entries = Object.values(manifest.stacks ?? {}).map((s: any) => ({
      name: String(s.name),
      file: path.join(dir, String(s.synthesizedStackPath ?? `stacks/${s.name}/cdk.tf.json`)),
    }));
  } else {
    const stacksDir = path.join(dir, 'stacks');
    entries = fs.existsSync(stacksDir)
      ? fs.readdirSync(stacksDir).sort().map((name) => ({ name, file: path.join(stacksDir, name, 'cdk.tf.json') }))
      : [];
  }
  entries = entries.filter((e) => fs.existsSync(e.file));
  if (entries.length === 0) {
    throw new Error(`${dir} holds no synthesized stacks (expected manifest.json or stacks/<name>/cdk.tf.json). Fix: run \`npm run synth\` first.`);
  }
  return entries.map((e) => ({ name: e.name, json: JSON.parse(fs.readFileSync(e.file, 'utf8')) as Json }));
}

/** `x` itself, or the first element when `x` is a list (blocks are lists in plan JSON). */
export function one(x: unknown): Json | undefined {
  if (Array.isArray(x)) return x.length ? (x[0] as Json) : undefined;
  return x !== null && typeof x === 'object' ? (x as Json) : undefined;
}

/** `x` as a list (undefined -> [], a single block -> [block]). */
export function many(x: unknown): Json[] {
  if (x === undefined || x === null) return [];
  return Array.isArray(x) ? (x as Json[]) : [x as Json];
}
