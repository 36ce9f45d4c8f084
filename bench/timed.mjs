import { spawnSync } from 'node:child_process';

/** Wall time of a child process, in ms, with its output and status. */
export function timed(cmd, args, opts = {}) {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 << 20, ...opts });
  const ms = performance.now() - t0;
  if (r.error) throw r.error;
  return { ms, stdout: r.stdout, stderr: r.stderr, status: r.status };
}
