import { capMarkdown, codeBlock, commentBody, commentMarker, FetchLike, GITHUB_COMMENT_LIMIT, parseArgs, TRUNCATION_NOTE, upsertComment } from '../../scripts/pr-comment';

describe('capMarkdown', () => {
  test('text within the limit is unchanged', () => {
    expect(capMarkdown('# short\n', 100)).toBe('# short\n');
  });

  test('cuts at a line, never inside a code fence, closes <details> and adds the note', () => {
    const mermaid = ['```mermaid', 'flowchart LR', ...Array.from({ length: 50 }, (_, i) => `  n${i} --> n${i + 1}`), '```'].join('\n');
    const text = ['<!-- m -->', '# Summary', '<details>', '<summary>Stack</summary>', '', 'line one', mermaid, 'after', '</details>'].join('\n');
    const capped = capMarkdown(text, 400);
    expect(capped).toBe(['<!-- m -->', '# Summary', '<details>', '<summary>Stack</summary>', '', 'line one', '</details>'].join('\n') + TRUNCATION_NOTE);
    expect(capped.length).toBeLessThanOrEqual(400);
  });

  test('a summary of many stacks is capped to GitHub\'s 65536 characters with balanced fences and details', () => {
    const stack = (i: number): string => [
      '<details>', `<summary>Stack ${i}</summary>`, '', '| a | b |', '|---|---|',
      ...Array.from({ length: 200 }, (_, r) => `| row ${r} | ${'x'.repeat(20)} |`),
      '```mermaid', 'flowchart LR', ...Array.from({ length: 100 }, (_, e) => `  n${e} --> n${e + 1}`), '```', '</details>', '',
    ].join('\n');
    const body = commentBody('summary', Array.from({ length: 40 }, (_, i) => stack(i)).join('\n'));
    expect(body.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(body.length).toBeGreaterThan(GITHUB_COMMENT_LIMIT - 12000);
    expect(body.startsWith(`${commentMarker('summary')}\n<details>`)).toBe(true);
    expect(body.endsWith(TRUNCATION_NOTE)).toBe(true);
    expect((body.match(/^```/gm) ?? []).length % 2).toBe(0);
    expect((body.match(/<details>/g) ?? []).length).toBe((body.match(/<\/details>/g) ?? []).length);
  });
});

describe('upsertComment', () => {
  const BOT = { login: 'github-actions[bot]' };

  function fakeGitHub(existing: { id: number; body: string; user?: { login: string } }[][]): { fetch: FetchLike; calls: string[] } {
    const calls: string[] = [];
    const fetch: FetchLike = async (url, init) => {
      calls.push(`${init?.method} ${url}${init?.body ? ` ${init.body.slice(0, 60)}` : ''}`);
      const page = Number(/[?&]page=(\d+)/.exec(url)?.[1] ?? 0);
      const payload = init?.method === 'GET' ? existing[page - 1] ?? [] : { id: 99 };
      return { ok: true, status: 200, json: async () => payload, text: async () => '' };
    };
    return { fetch, calls };
  }

  test('edits the comment that carries the marker (searching every page)', async () => {
    const page1 = Array.from({ length: 100 }, (_, i) => ({ id: i + 1, body: `other ${i}` }));
    const gh = fakeGitHub([page1, [{ id: 777, body: `${commentMarker('plan:subslicing')}\nold`, user: BOT }]]);
    const result = await upsertComment({ token: 't', repository: 'acme/infra', issue: 12, id: 'plan:subslicing', markdown: 'new plan', fetch: gh.fetch });
    expect(result).toEqual({ action: 'updated', id: 777 });
    expect(gh.calls).toEqual([
      'GET https://api.github.com/repos/acme/infra/issues/12/comments?per_page=100&page=1',
      'GET https://api.github.com/repos/acme/infra/issues/12/comments?per_page=100&page=2',
      'PATCH https://api.github.com/repos/acme/infra/issues/comments/777 {"body":"<!-- tpu-gke-cdktf:plan:subslicing -->\\nnew plan"}',
    ]);
  });

  test('creates the comment when none carries the marker; other stacks\' markers do not match', async () => {
    const gh = fakeGitHub([[{ id: 5, body: `${commentMarker('plan:superslicing')}\nx`, user: BOT }]]);
    const result = await upsertComment({ token: 't', repository: 'acme/infra', issue: 3, id: 'plan:subslicing', markdown: 'plan', fetch: gh.fetch, apiUrl: 'https://ghe.example/api/v3/' });
    expect(result).toEqual({ action: 'created', id: 99 });
    expect(gh.calls[1]).toBe('POST https://ghe.example/api/v3/repos/acme/infra/issues/3/comments {"body":"<!-- tpu-gke-cdktf:plan:subslicing -->\\nplan"}');
  });

  test('a comment with the marker planted by someone else is neither edited nor mistaken for the bot\'s', async () => {
    const planted = { id: 41, body: `${commentMarker('plan:subslicing')}\nApproved, apply it`, user: { login: 'mallory' } };
    const gh = fakeGitHub([[planted, { id: 42, body: `${commentMarker('plan:subslicing')}\nold`, user: BOT }]]);
    expect(await upsertComment({ token: 't', repository: 'acme/infra', issue: 7, id: 'plan:subslicing', markdown: 'new', fetch: gh.fetch }))
      .toEqual({ action: 'updated', id: 42 });
    const onlyPlanted = fakeGitHub([[planted]]);
    expect(await upsertComment({ token: 't', repository: 'acme/infra', issue: 7, id: 'plan:subslicing', markdown: 'new', fetch: onlyPlanted.fetch }))
      .toEqual({ action: 'created', id: 99 });
    expect(onlyPlanted.calls[1]).toBe('POST https://api.github.com/repos/acme/infra/issues/7/comments {"body":"<!-- tpu-gke-cdktf:plan:subslicing -->\\nnew"}');
    const custom = fakeGitHub([[planted]]);
    expect(await upsertComment({ token: 't', repository: 'acme/infra', issue: 7, id: 'plan:subslicing', markdown: 'new', fetch: custom.fetch, author: 'mallory' }))
      .toEqual({ action: 'updated', id: 41 });
  });

  test('API errors name the call and the status', async () => {
    const fetch: FetchLike = async () => ({ ok: false, status: 403, json: async () => ({}), text: async () => 'Resource not accessible by integration' });
    await expect(upsertComment({ token: 't', repository: 'acme/infra', issue: 3, id: 'summary', markdown: 'x', fetch }))
      .rejects.toThrow('GitHub API GET https://api.github.com/repos/acme/infra/issues/3/comments?per_page=100&page=1 failed with HTTP 403: Resource not accessible by integration');
  });
});

test('parseArgs reads flags and values', () => {
  expect(parseArgs(['--marker', 'summary', '--short', '--issue', '4'])).toEqual({ marker: 'summary', short: true, issue: '4' });
  expect(() => parseArgs(['stray'])).toThrow('unexpected argument "stray"');
});

test('codeBlock: a fence one backtick longer than the longest run inside, at least three; carriage returns dropped', () => {
  expect(codeBlock('plain')).toBe('```text\nplain\n```');
  expect(codeBlock('a ``` b\r\n`````', 'diff')).toBe('``````diff\na ``` b\n`````\n``````');
  expect(codeBlock('one ` two')).toBe('```text\none ` two\n```');
});
