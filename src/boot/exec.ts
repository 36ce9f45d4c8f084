import { execFile } from 'node:child_process';

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run a tool to completion; never throws for a non-zero exit (callers decide what it means). */
export function run(cmd: string, args: string[], opts: { cwd?: string; timeoutMs?: number } = {}): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { cwd: opts.cwd, timeout: opts.timeoutMs ?? 300_000, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      const e = err as (NodeJS.ErrnoException & { code?: number | string }) | null;
      if (e && typeof e.code === 'string') return reject(e); // ENOENT: the tool is not installed
      resolve({ code: e ? (typeof e.code === 'number' ? e.code : 1) : 0, stdout, stderr });
    });
  });
}

/** Run a tool that must succeed; the error carries its first stderr lines. */
export async function runOk(cmd: string, args: string[], opts: { cwd?: string } = {}): Promise<string> {
  const r = await run(cmd, args, opts);
  if (r.code !== 0) {
    const detail = (r.stderr || r.stdout).trim().split('\n').slice(0, 8).join('\n');
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.code}):\n${detail}`);
  }
  return r.stdout;
}
