// Runs the built CLI (dist/cli/main.js) as a user would: a real process, real pipes, real exit code.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = path.join(REPO, 'dist', 'cli', 'main.js');

/** The built CLI must be current: a test of yesterday's dist/ would pass or fail for the wrong reason. */
export function requireFreshBuild(): void {
  let built: number;
  try {
    built = statSync(CLI).mtimeMs;
  } catch {
    throw new Error('dist/cli/main.js is missing: run `npm run build` first (npm test does)');
  }
  const src = path.join(REPO, 'src');
  const stale = readdirSync(src, { recursive: true, withFileTypes: true }).find(
    (e) => e.isFile() && e.name.endsWith('.ts') && statSync(path.join(e.parentPath, e.name)).mtimeMs > built,
  );
  if (stale) throw new Error(`dist/ is older than src/${path.relative(src, path.join(stale.parentPath, stale.name))}: run \`npm run build\` first`);
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** Milliseconds before the run is killed (a hang fails the test instead of the suite). */
  timeoutMs?: number;
}

/** Runs `musl-patch ...args`, collecting stdout and stderr through pipes. */
export function runCli(args: string[], opts: CliOptions = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: opts.cwd ?? REPO,
      env: { ...process.env, MUSL_PATCH_DEBUG: '', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: opts.timeoutMs ?? 120_000,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }));
  });
}

/**
 * Runs a command line in this process, as main.ts does minus the final drain and exit: for the
 * large walks where a process per case would cost minutes. Output is captured, not printed.
 */
export async function runInProcess(args: string[]): Promise<CliRun> {
  const { runCommandLine } = await import('../../src/cli/run.js');
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write;
  const err = process.stderr.write;
  process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += String(chunk)), true)) as typeof process.stderr.write;
  process.exitCode = undefined;
  try {
    const code = await runCommandLine(['node', 'musl-patch', ...args]);
    return { code, signal: null, stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
    process.exitCode = undefined;
  }
}
