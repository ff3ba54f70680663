#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * The fast build behind `npm run synth` and `cdktf synth` (cdktf.json "app"):
 * transpile-only, per file, of the TypeScript sources that changed since the last
 * run, into dist/ with the compiler options of tsconfig.build.json (same module
 * format and target as tsc). Per-file transpilation is valid because tsconfig.json
 * sets isolatedModules. Nothing is type-checked and no declarations are written:
 * `npm test` type-checks (npm run typecheck), and `npm run build` (tsc) stays the
 * full build with declarations used for packing.
 *
 *   node scripts/build-fast.js [--root DIR] [--verbose]
 *
 * Import specifiers are left as written: the stacks' `'tpu-gke-cdktf'` is resolved
 * by Node through the package self-reference (package.json "exports").
 *
 * Cache: <outDir>/.build-fast-cache.json records per source its mtime and size, its
 * content hash, and the mtime, size and hash of the output written. A file is
 * transpiled again when its content changed or its output no longer holds what was
 * emitted (an output tsc rewrote with the same bytes is kept); the
 * compiler options, the TypeScript version and this script are part of the key, so
 * changing any of them rebuilds everything. `typescript` is only loaded when at
 * least one file must be transpiled. Outputs of deleted sources are removed.
 * Writes are atomic (temporary file + rename), so a synth running at the same time
 * never reads half a file.
 */
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const CACHE_FILE = '.build-fast-cache.json';
const BUILD_CONFIG = 'tsconfig.build.json';

/**
 * @typedef {{ srcMtimeMs: number, srcSize: number, hash: string, outMtimeMs: number, outSize: number, outHash: string }} CacheEntry
 * @typedef {{ key: string, files: Record<string, CacheEntry> }} Cache
 * @typedef {{ files: number, transpiled: string[], removed: string[], ms: number, outDir: string }} BuildResult
 */

/** @param {string} file */
function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/**
 * tsconfig.build.json's include and exclude, as the fast build reads them: each
 * include is a file (`main.ts`) or a directory glob (`lib/**\/*.ts`); each exclude a
 * top-level directory. Anything else is refused rather than guessed.
 * @param {string} root
 * @returns {{ include: string[], exclude: string[] }}
 */
function buildPatterns(root) {
  const config = readJson(path.join(root, BUILD_CONFIG));
  let include = config.include;
  let exclude = config.exclude;
  if ((include === undefined || exclude === undefined) && typeof config.extends === 'string') {
    const base = readJson(path.resolve(root, config.extends));
    include = include ?? base.include;
    exclude = exclude ?? base.exclude;
  }
  for (const pattern of include ?? []) {
    if (!/^[\w./-]+\.ts$/.test(pattern) && !/^[\w./-]+\/\*\*\/\*\.ts$/.test(pattern)) {
      throw new Error(`${BUILD_CONFIG}: include pattern "${pattern}" is not supported by scripts/build-fast.js. `
        + 'Allowed: a file ("main.ts") or a directory glob ("lib/**/*.ts"). Fix: use one of these forms');
    }
  }
  return { include: include ?? [], exclude: exclude ?? [] };
}

/**
 * The sources tsc compiles for tsconfig.build.json (declaration files excluded),
 * relative to `root` with forward slashes, sorted.
 * @param {string} root
 * @returns {string[]}
 */
function sourceFiles(root) {
  const { include, exclude } = buildPatterns(root);
  const excluded = new Set(exclude.map((e) => e.replace(/\/+$/, '')));
  /** @type {Set<string>} */
  const found = new Set();
  /** @param {string} rel */
  const walk = (rel) => {
    for (const entry of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!excluded.has(child) && entry.name !== 'node_modules') walk(child);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        found.add(child);
      }
    }
  };
  for (const pattern of include) {
    if (pattern.endsWith('/**/*.ts')) {
      const dir = pattern.slice(0, -'/**/*.ts'.length).replace(/^\.\//, '');
      if (!excluded.has(dir) && fs.existsSync(path.join(root, dir))) walk(dir);
    } else {
      const file = pattern.replace(/^\.\//, '');
      if (fs.existsSync(path.join(root, file)) && !file.endsWith('.d.ts')) found.add(file);
    }
  }
  return [...found].sort();
}

/** @param {string | Buffer} data */
function sha1(data) {
  return crypto.createHash('sha1').update(data).digest('hex');
}

/**
 * Writes `content` to `file` through a temporary file and a rename.
 * @param {string} file
 * @param {string} content
 */
function writeAtomic(file, content) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, file);
}

/**
 * The compiler options tsc uses for tsconfig.build.json, as transpileModule takes
 * them (type-only and declaration options off).
 * @param {typeof import('typescript')} ts
 * @param {string} root
 */
function emitOptions(ts, root) {
  const configPath = path.join(root, BUILD_CONFIG);
  const read = ts.readConfigFile(configPath, ts.sys.readFile);
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  // Only the options matter here (the file list comes from sourceFiles), so parse
  // with a host that lists no files: no directory walk.
  const host = { ...ts.sys, readDirectory: () => [] };
  const parsed = ts.parseJsonConfigFileContent(read.config, host, root, undefined, configPath);
  const fatal = parsed.errors.filter((d) => d.code !== 18003); // 18003: no inputs found (expected with the empty host)
  if (fatal.length > 0) throw new Error(fatal.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('\n'));
  // Where files go is decided by the caller (outDir/rootDir only matter to a program).
  const { outDir, rootDir, ...options } = parsed.options;
  void outDir;
  void rootDir;
  return { ...options, declaration: false, declarationMap: false, sourceMap: false, noEmit: false, composite: false, incremental: false };
}

/**
 * The outDir of tsconfig.build.json (or of the config it extends), absolute.
 * @param {string} root
 */
function outDirOf(root) {
  const config = readJson(path.join(root, BUILD_CONFIG));
  let outDir = config.compilerOptions?.outDir;
  if (outDir === undefined && typeof config.extends === 'string') {
    outDir = readJson(path.resolve(root, config.extends)).compilerOptions?.outDir;
  }
  return path.resolve(root, outDir ?? 'dist');
}

/**
 * What invalidates every cached output: the compiler configs, the TypeScript
 * version and this script.
 * @param {string} root
 */
function cacheKey(root) {
  const parts = [BUILD_CONFIG, 'tsconfig.json'].map((f) => {
    const file = path.join(root, f);
    return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  });
  const tsPackage = require.resolve('typescript/package.json', { paths: [root] });
  parts.push(readJson(tsPackage).version, fs.readFileSync(__filename, 'utf8'));
  return sha1(parts.join('\0'));
}

/**
 * @param {string} file
 * @returns {Cache | undefined}
 */
function readCache(file) {
  try {
    const cache = readJson(file);
    return typeof cache.key === 'string' && typeof cache.files === 'object' ? cache : undefined;
  } catch {
    return undefined;
  }
}

/** @param {string} file */
function statOrUndefined(file) {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Brings dist/ up to date for every source of tsconfig.build.json.
 * @param {{ root?: string }} [options]
 * @returns {BuildResult}
 */
function build(options = {}) {
  const started = process.hrtime.bigint();
  const root = path.resolve(options.root ?? process.cwd());
  const outDir = outDirOf(root);
  const cachePath = path.join(outDir, CACHE_FILE);
  const key = cacheKey(root);
  const previous = readCache(cachePath);
  const cached = previous?.key === key ? previous.files : {};
  let dirty = previous?.key !== key;
  /** @type {Record<string, CacheEntry>} */
  const next = {};
  /** @type {{ rel: string, text: string, hash: string, out: string, srcMtimeMs: number, srcSize: number }[]} */
  const todo = [];
  const files = sourceFiles(root);
  for (const rel of files) {
    const src = path.join(root, rel);
    const out = path.join(outDir, rel.replace(/\.ts$/, '.js'));
    const srcStat = fs.statSync(src);
    const outStat = statOrUndefined(out);
    const entry = cached[rel];
    const srcSame = entry !== undefined && srcStat.mtimeMs === entry.srcMtimeMs && srcStat.size === entry.srcSize;
    const outSame = entry !== undefined && outStat !== undefined && outStat.mtimeMs === entry.outMtimeMs && outStat.size === entry.outSize;
    if (srcSame && outSame) {
      next[rel] = entry;
      continue;
    }
    const text = fs.readFileSync(src, 'utf8');
    const hash = sha1(text);
    // Same source content and an output that still holds what was emitted (tsc rewrites
    // every output with the same bytes and a new mtime): only the recorded stats change.
    if (entry !== undefined && outStat !== undefined && hash === entry.hash
        && (outSame || (outStat.size === entry.outSize && sha1(fs.readFileSync(out)) === entry.outHash))) {
      next[rel] = { ...entry, srcMtimeMs: srcStat.mtimeMs, srcSize: srcStat.size, outMtimeMs: outStat.mtimeMs, outSize: outStat.size };
      dirty = true;
      continue;
    }
    todo.push({ rel, text, hash, out, srcMtimeMs: srcStat.mtimeMs, srcSize: srcStat.size });
  }
  /** @type {string[]} */
  const transpiled = [];
  if (todo.length > 0) {
    /** @type {typeof import('typescript')} */
    const ts = require(require.resolve('typescript', { paths: [root] }));
    const compilerOptions = emitOptions(ts, root);
    /** @type {string[]} */
    const errors = [];
    for (const file of todo) {
      const result = ts.transpileModule(file.text, { compilerOptions, fileName: file.rel, reportDiagnostics: true });
      const diagnostics = result.diagnostics ?? [];
      for (const d of diagnostics) {
        const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
        errors.push(`${file.rel}${where ? `:${where.line + 1}:${where.character + 1}` : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
      }
      if (diagnostics.length > 0) continue;
      const existing = statOrUndefined(file.out) ? fs.readFileSync(file.out, 'utf8') : undefined;
      if (existing !== result.outputText) writeAtomic(file.out, result.outputText);
      const outStat = fs.statSync(file.out);
      next[file.rel] = {
        srcMtimeMs: file.srcMtimeMs, srcSize: file.srcSize, hash: file.hash,
        outMtimeMs: outStat.mtimeMs, outSize: outStat.size, outHash: sha1(result.outputText),
      };
      transpiled.push(file.rel);
      dirty = true;
    }
    if (errors.length > 0) {
      // Keep what was built so far; the failing files are retried next time.
      writeAtomic(cachePath, JSON.stringify({ key, files: next }));
      throw new Error(`build-fast: syntax errors (run \`npm run typecheck\` for the full check):\n${errors.join('\n')}`);
    }
  }
  /** @type {string[]} */
  const removed = [];
  for (const rel of Object.keys(cached)) {
    if (next[rel] !== undefined) continue;
    dirty = true;
    if (fs.existsSync(path.join(root, rel))) continue;
    const out = path.join(outDir, rel.replace(/\.ts$/, '.js'));
    if (fs.existsSync(out)) {
      fs.rmSync(out);
      removed.push(rel);
    }
  }
  if (dirty) {
    writeAtomic(cachePath, JSON.stringify({ key, files: next }));
  }
  return { files: files.length, transpiled, removed, ms: Number(process.hrtime.bigint() - started) / 1e6, outDir };
}

function main() {
  const args = process.argv.slice(2);
  const rootAt = args.indexOf('--root');
  const root = rootAt >= 0 ? args[rootAt + 1] : process.cwd();
  try {
    const result = build({ root });
    if (result.transpiled.length > 0 || result.removed.length > 0) {
      const list = args.includes('--verbose') ? `: ${[...result.transpiled, ...result.removed.map((r) => `-${r}`)].join(', ')}` : '';
      process.stderr.write(`build-fast: ${result.transpiled.length} of ${result.files} files transpiled`
        + `${result.removed.length > 0 ? `, ${result.removed.length} removed` : ''} in ${result.ms.toFixed(0)} ms${list}\n`);
    }
  } catch (e) {
    process.stderr.write(`${/** @type {Error} */ (e).message}\n`);
    process.exitCode = 1;
  }
}

module.exports = { build, sourceFiles, emitOptions, CACHE_FILE };

if (require.main === module) main();
