// One pull-request comment per report, updated in place: the comment carrying the marker is found
// among the PR's comments (every page) and edited; without one a comment is created. GitHub's REST
// API: GET/POST /repos/{repo}/issues/{n}/comments, PATCH /repos/{repo}/issues/comments/{id}.
import { UserError } from '../util/errors.js';

/** The part of `fetch` this needs, so a test can replay a recorded exchange. */
export type Fetch = (url: string, init: { method: string; headers: Record<string, string>; body?: string }) => Promise<{ status: number; headers: { get(name: string): string | null }; json(): Promise<unknown> }>;

export interface CommentTarget {
  /** e.g. https://api.github.com ($GITHUB_API_URL). */
  apiUrl: string;
  /** owner/name ($GITHUB_REPOSITORY). */
  repository: string;
  pullRequest: number;
  token: string;
}

export interface CommentOutcome {
  action: 'created' | 'updated';
  id: number;
  url: string;
}

interface IssueComment {
  id: number;
  body?: string;
  html_url: string;
}

export async function upsertComment(target: CommentTarget, body: string, marker: string, fetch: Fetch): Promise<CommentOutcome> {
  if (!body.includes(marker)) throw new Error(`the comment body lacks its marker ${marker}`);
  const api = target.apiUrl.replace(/\/$/, '');
  const headers = {
    accept: 'application/vnd.github+json',
    authorization: `Bearer ${target.token}`,
    'x-github-api-version': '2022-11-28',
    'user-agent': 'musl-patch',
  };
  const call = async (method: string, url: string, payload?: unknown) => {
    const response = await fetch(url, { method, headers: payload === undefined ? headers : { ...headers, 'content-type': 'application/json' }, body: payload === undefined ? undefined : JSON.stringify(payload) });
    if (response.status >= 300) throw apiError(method, url.slice(api.length), response.status, await response.json().catch(() => null));
    return response;
  };
  let next: string | null = `${api}/repos/${target.repository}/issues/${target.pullRequest}/comments?per_page=100`;
  let existing: IssueComment | undefined;
  while (next && !existing) {
    const response = await call('GET', next);
    existing = ((await response.json()) as IssueComment[]).find((c) => c.body?.includes(marker));
    next = nextPage(response.headers.get('link'));
  }
  const response = existing
    ? await call('PATCH', `${api}/repos/${target.repository}/issues/comments/${existing.id}`, { body })
    : await call('POST', `${api}/repos/${target.repository}/issues/${target.pullRequest}/comments`, { body });
  const comment = (await response.json()) as IssueComment;
  return { action: existing ? 'updated' : 'created', id: comment.id, url: comment.html_url };
}

/** The `rel="next"` URL of a Link header (GitHub's pagination). */
function nextPage(link: string | null): string | null {
  for (const part of (link ?? '').split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="next"/.exec(part);
    if (m) return m[1];
  }
  return null;
}

function apiError(method: string, path: string, status: number, data: unknown): UserError {
  const message = (data as { message?: string } | null)?.message ?? '';
  const hint =
    status === 401 || status === 403 || status === 404
      ? 'the token needs `pull-requests: write` (a pull request from a fork gets a read-only token: skip the comment there)'
      : 'retry; GitHub answered with an error';
  return new UserError(`GitHub API ${method} ${path} answered ${status}${message ? ` (${message})` : ''}`, hint);
}
