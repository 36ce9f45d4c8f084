import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { UserError } from '../../util/errors.js';
import { upsertComment } from '../../github/index.js';
import { COMMENT_MARKER } from '../../report/index.js';

interface CommentOptions {
  pr?: string;
  repository?: string;
}

export function register(program: Command): void {
  program
    .command('comment <file>')
    .description('post a `coverage --format markdown` report on the pull request, or update the comment posted before')
    .option('--pr <number>', 'the pull request (default: from $GITHUB_EVENT_PATH)')
    .option('--repository <owner/name>', 'the repository (default: $GITHUB_REPOSITORY)')
    .addHelpText('after', '\nThe token comes from $GITHUB_TOKEN (or $GH_TOKEN), the API from $GITHUB_API_URL (default https://api.github.com).')
    .action(async (file: string, opts: CommentOptions) => {
      const body = await readFile(file, 'utf8').catch(() => {
        throw new UserError(`cannot read ${file}`, 'pass the file `musl-patch coverage --format markdown --out FILE` wrote');
      });
      if (!body.includes(COMMENT_MARKER)) throw new UserError(`${file} is not a musl-patch coverage comment (no ${COMMENT_MARKER})`, 'write it with `musl-patch coverage --format markdown`');
      const token = process.env.GITHUB_TOKEN || process.env.GH_TOKEN;
      if (!token) throw new UserError('no GitHub token', 'set GITHUB_TOKEN (in a workflow: env: GITHUB_TOKEN: ${{ github.token }})');
      const repository = opts.repository ?? process.env.GITHUB_REPOSITORY;
      if (!repository || !/^[^/\s]+\/[^/\s]+$/.test(repository)) throw new UserError('no repository', 'pass --repository owner/name (or set GITHUB_REPOSITORY)');
      const pullRequest = opts.pr !== undefined ? Number(opts.pr) : await eventPullRequest();
      if (!Number.isInteger(pullRequest) || pullRequest <= 0) throw new UserError(`--pr '${opts.pr}' is not a pull request number`, 'pass --pr N');
      const apiUrl = process.env.GITHUB_API_URL || 'https://api.github.com';
      const outcome = await upsertComment({ apiUrl, repository, pullRequest, token }, body, COMMENT_MARKER, fetch);
      console.log(`${outcome.action} comment ${outcome.id}: ${outcome.url}`);
    });
}

async function eventPullRequest(): Promise<number> {
  const hint = 'pass --pr N, or run in a pull_request workflow';
  const file = process.env.GITHUB_EVENT_PATH;
  if (!file) throw new UserError('no pull request given', hint);
  const event = JSON.parse(await readFile(file, 'utf8')) as { pull_request?: { number?: number } };
  const n = event.pull_request?.number;
  if (typeof n !== 'number') throw new UserError(`${file} is not a pull_request event`, hint);
  return n;
}
