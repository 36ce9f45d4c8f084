// Create-or-update of the PR comment against recorded GitHub REST exchanges (written from GitHub's
// documented responses for listing, creating and updating issue comments: pagination by Link header,
// 201 on create, 200 on update, 403 for a fork's read-only token). No network: a replaying fetch
// checks each request — method, URL, headers, body — against the recording, in order.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { upsertComment, type Fetch } from '../../../src/github/comment.js';
import { COMMENT_MARKER } from '../../../src/report/markdown.js';
import { UserError } from '../../../src/util/errors.js';

interface Exchange {
  request: { method: string; url: string; body?: unknown };
  response: { status: number; headers: Record<string, string>; body: unknown };
}

const here = path.dirname(fileURLToPath(import.meta.url));
const BODY = `${COMMENT_MARKER}\n### musl-patch coverage: musl 1.2.5\n\nnew report\n`;
const target = { apiUrl: 'https://api.github.com', repository: 'acme/kernel', pullRequest: 42, token: 'ghs_test' };

function replay(name: string): { fetch: Fetch; remaining: () => number } {
  const text = readFileSync(path.join(here, 'recorded', `${name}.json`), 'utf8').replaceAll('"@BODY@"', JSON.stringify(BODY));
  const exchanges = JSON.parse(text) as Exchange[];
  const fetch: Fetch = async (url, init) => {
    const next = exchanges.shift();
    if (!next) throw new Error(`unexpected request ${init.method} ${url}`);
    expect({ method: init.method, url }).toEqual({ method: next.request.method, url: next.request.url });
    expect(init.headers.authorization).toBe('Bearer ghs_test');
    expect(init.headers.accept).toBe('application/vnd.github+json');
    expect(init.body === undefined ? undefined : JSON.parse(init.body)).toEqual(next.request.body);
    const headers = new Map(Object.entries(next.response.headers));
    return { status: next.response.status, headers: { get: (h: string) => headers.get(h.toLowerCase()) ?? null }, json: async () => next.response.body };
  };
  return { fetch, remaining: () => exchanges.length };
}

describe('the PR comment, updated in place', () => {
  test('finds its marker on the second page and updates that comment', async () => {
    const { fetch, remaining } = replay('update');
    expect(await upsertComment(target, BODY, COMMENT_MARKER, fetch)).toEqual({ action: 'updated', id: 1003, url: 'https://github.com/acme/kernel/pull/42#issuecomment-1003' });
    expect(remaining()).toBe(0);
  });

  test('without a marked comment on any page it creates one', async () => {
    const { fetch, remaining } = replay('create');
    expect(await upsertComment(target, BODY, COMMENT_MARKER, fetch)).toEqual({ action: 'created', id: 1004, url: 'https://github.com/acme/kernel/pull/42#issuecomment-1004' });
    expect(remaining()).toBe(0);
  });

  test("a fork's read-only token: one line naming the permission, exit 2", async () => {
    const { fetch } = replay('fork-read-only');
    const err = await upsertComment(target, BODY, COMMENT_MARKER, fetch).then(
      () => null,
      (e: unknown) => e as UserError,
    );
    expect(err).toBeInstanceOf(UserError);
    expect(err!.line()).toBe(
      'musl-patch: GitHub API POST /repos/acme/kernel/issues/42/comments answered 403 (Resource not accessible by integration) (the token needs `pull-requests: write` (a pull request from a fork gets a read-only token: skip the comment there))',
    );
    expect(err!.exitCode).toBe(2);
  });
});
