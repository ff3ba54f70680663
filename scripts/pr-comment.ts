/**
 * Pull-request comments that are updated in place.
 *
 * Each comment starts with a hidden marker (`<!-- tpu-gke-cdktf:<id> -->`); a new
 * run edits the comment with the same marker instead of adding another one. Only
 * comments written by the workflow's own account (`github-actions[bot]` for the
 * GITHUB_TOKEN) count: anyone can post a comment that starts with the marker, and
 * such a planted comment must neither be edited nor hide the real one.
 * Bodies are capped to GitHub's comment limit without cutting a code fence (a
 * half Mermaid diagram does not render) and with `<details>` blocks closed.
 *
 *     node dist/scripts/pr-comment.js --marker summary --body-file comment.md [--issue 12] [--author github-actions[bot]]
 *
 * Environment: GITHUB_TOKEN, GITHUB_REPOSITORY (owner/name), GITHUB_API_URL
 * (optional), and GITHUB_EVENT_PATH for the pull request number when --issue is not given.
 */
import * as fs from 'fs';

/** GitHub rejects issue and pull-request comments longer than this (characters). */
export const GITHUB_COMMENT_LIMIT = 65536;

/** The hidden first line that identifies a comment of this project. */
export function commentMarker(id: string): string {
  return `<!-- tpu-gke-cdktf:${id} -->`;
}

/** Appended when a body had to be cut. */
export const TRUNCATION_NOTE = "\n\n> [!NOTE]\n> Truncated to fit GitHub's comment size limit. The full text is in the workflow run's artifacts (the job summary holds the same cut text).\n";

/** Login of the account behind a workflow's GITHUB_TOKEN: the author of every comment this script writes. */
export const GITHUB_ACTIONS_LOGIN = 'github-actions[bot]';

/**
 * `text` as a fenced code block that nothing inside can close: the fence is one
 * backtick longer than the longest backtick run in the text (at least three), so
 * error or plan output cannot end the block and inject Markdown or HTML into a
 * comment. Carriage returns are dropped.
 */
export function codeBlock(text: string, info = 'text'): string {
  const clean = text.replace(/\r/g, '');
  const longest = Math.max(0, ...(clean.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${clean}\n${fence}`;
}

/** Splits Markdown into lines, keeping each fenced code block as one unit. */
function units(markdown: string): string[] {
  const lines = markdown.split('\n');
  const out: string[] = [];
  let fence: string[] | undefined;
  let marker = '';
  for (const line of lines) {
    if (fence) {
      fence.push(line);
      if (line.trim().startsWith(marker) && line.trim().replace(/`+|~+/, '') === '') {
        out.push(fence.join('\n'));
        fence = undefined;
      }
      continue;
    }
    const open = /^\s*(`{3,}|~{3,})/.exec(line);
    if (open) {
      fence = [line];
      marker = open[1];
      continue;
    }
    out.push(line);
  }
  if (fence) out.push(fence.join('\n'));
  return out;
}

/**
 * Cuts `markdown` to at most `limit` characters: whole lines and whole code
 * blocks only, open `<details>` elements closed, and {@link TRUNCATION_NOTE}
 * appended. Text within the limit is returned unchanged.
 */
export function capMarkdown(markdown: string, limit = GITHUB_COMMENT_LIMIT, note = TRUNCATION_NOTE): string {
  if (markdown.length <= limit) return markdown;
  const kept: string[] = [];
  let length = 0;
  let openDetails = 0;
  const closing = (n: number): string => '\n</details>'.repeat(n);
  for (const unit of units(markdown)) {
    const opens = (unit.match(/<details\b/g) ?? []).length;
    const closes = (unit.match(/<\/details>/g) ?? []).length;
    const nextOpen = openDetails + opens - closes;
    const add = (kept.length ? 1 : 0) + unit.length;
    if (length + add + closing(Math.max(nextOpen, 0)).length + note.length > limit) break;
    kept.push(unit);
    length += add;
    openDetails = nextOpen;
  }
  return `${kept.join('\n')}${closing(Math.max(openDetails, 0))}${note}`;
}

/** A comment body: the marker (once, even when `markdown` already starts with it), then `markdown`, capped to the limit. */
export function commentBody(id: string, markdown: string, limit = GITHUB_COMMENT_LIMIT): string {
  const marker = commentMarker(id);
  const text = markdown.startsWith(`${marker}\n`) ? markdown.slice(marker.length + 1) : markdown;
  return capMarkdown(`${marker}\n${text}`, limit);
}

/** The subset of `fetch` the upsert needs (tests pass a fake). */
export type FetchLike = (url: string, init?: { method?: string; headers?: Record<string, string>; body?: string }) => Promise<{
  ok: boolean; status: number; json(): Promise<any>; text(): Promise<string>;
}>;

export interface UpsertOptions {
  readonly token: string;
  /** `owner/name`. */
  readonly repository: string;
  /** Pull request (issue) number. */
  readonly issue: number;
  /** Marker id, e.g. `summary` or `plan:subslicing`. */
  readonly id: string;
  /** Markdown without the marker (it is added and the body capped). */
  readonly markdown: string;
  /**
   * Login whose comments may be edited; comments with the marker from anyone else are ignored.
   * @default GITHUB_ACTIONS_LOGIN
   */
  readonly author?: string;
  /** @default "https://api.github.com" */
  readonly apiUrl?: string;
  /** @default global fetch */
  readonly fetch?: FetchLike;
}

/** Creates the comment, or edits the existing one that `author` wrote with the same marker. */
export async function upsertComment(options: UpsertOptions): Promise<{ action: 'created' | 'updated'; id: number }> {
  const api = (options.apiUrl ?? 'https://api.github.com').replace(/\/$/, '');
  const doFetch: FetchLike = options.fetch ?? (globalThis.fetch as unknown as FetchLike);
  const headers = {
    'Authorization': `Bearer ${options.token}`,
    'Accept': 'application/vnd.github+json',
    'X-GitHub-Api-Version': '2022-11-28',
    'Content-Type': 'application/json',
  };
  const marker = commentMarker(options.id);
  const author = options.author ?? GITHUB_ACTIONS_LOGIN;
  const body = commentBody(options.id, options.markdown);
  const call = async (url: string, method: string, payload?: unknown): Promise<any> => {
    const res = await doFetch(url, { method, headers, body: payload === undefined ? undefined : JSON.stringify(payload) });
    if (!res.ok) throw new Error(`GitHub API ${method} ${url} failed with HTTP ${res.status}: ${await res.text()}`);
    return res.json();
  };
  for (let page = 1; ; page++) {
    const comments = await call(`${api}/repos/${options.repository}/issues/${options.issue}/comments?per_page=100&page=${page}`, 'GET') as
      { id: number; body?: string; user?: { login?: string } }[];
    const existing = comments.find((c) => c.user?.login === author && (c.body ?? '').startsWith(marker));
    if (existing) {
      await call(`${api}/repos/${options.repository}/issues/comments/${existing.id}`, 'PATCH', { body });
      return { action: 'updated', id: existing.id };
    }
    if (comments.length < 100) break;
  }
  const created = await call(`${api}/repos/${options.repository}/issues/${options.issue}/comments`, 'POST', { body });
  return { action: 'created', id: Number(created.id) };
}

/** Reads `--name value` pairs. */
export function parseArgs(argv: readonly string[]): Record<string, string | true> {
  const out: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument "${a}"`);
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) out[a.slice(2)] = true;
    else {
      out[a.slice(2)] = next;
      i += 1;
    }
  }
  return out;
}

/** The pull request number of the running workflow (from the event payload). */
export function pullRequestNumber(env: NodeJS.ProcessEnv = process.env): number | undefined {
  if (!env.GITHUB_EVENT_PATH || !fs.existsSync(env.GITHUB_EVENT_PATH)) return undefined;
  const event = JSON.parse(fs.readFileSync(env.GITHUB_EVENT_PATH, 'utf8'));
  const n = event.pull_request?.number ?? event.issue?.number;
  return typeof n === 'number' ? n : undefined;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const id = args.marker;
  const file = args['body-file'];
  if (typeof id !== 'string' || typeof file !== 'string') throw new Error('usage: pr-comment --marker <id> --body-file <file> [--issue <number>] [--author <login>]');
  const issue = typeof args.issue === 'string' ? Number(args.issue) : pullRequestNumber();
  const token = process.env.GITHUB_TOKEN;
  const repository = process.env.GITHUB_REPOSITORY;
  if (!token || !repository || !issue) throw new Error('GITHUB_TOKEN, GITHUB_REPOSITORY and a pull request number (--issue or the event payload) are required');
  const author = typeof args.author === 'string' ? args.author : undefined;
  const result = await upsertComment({ token, repository, issue, id, markdown: fs.readFileSync(file, 'utf8'), apiUrl: process.env.GITHUB_API_URL, author });
  process.stdout.write(`${result.action} comment ${result.id} (${commentMarker(id)})\n`);
}

if (require.main === module) {
  main().catch((e: Error) => {
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  });
}
