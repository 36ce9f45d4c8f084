// Running `nix-instantiate`. Nothing here assumes a NixOS machine: with only Debian's nix-bin
// installed and running as root, nix uses the local store (/nix/store, /nix/var/nix) directly and
// creates it on first use; NIX_STORE_DIR / NIX_STATE_DIR / NIX_LOG_DIR / NIX_CONF_DIR move all of
// that elsewhere (the tests do, into temp dirs). Evaluation needs no network unless the expression
// fetches (a pinned `builtins.fetchTarball` not yet in the store does).

import { execFile } from 'node:child_process';

export interface NixRunOptions {
  /** The nix-instantiate binary (default: `nix-instantiate` from PATH). */
  bin?: string;
  /** Extra environment (e.g. NIX_STORE_DIR for an isolated store). */
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

export class NixCommandError extends Error {
  constructor(
    readonly reason: string,
    readonly stderr: string,
  ) {
    super(reason);
    this.name = 'NixCommandError';
  }
}

/** The line of nix's stderr that says what went wrong (nix 2.x prints `error: ...`, traces first). */
export function nixErrorLine(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  const error = lines.find((l) => l.startsWith('error:'));
  const pick = error ?? lines[lines.length - 1] ?? 'no output';
  return pick.replace(/\x1b\[[0-9;]*m/g, '');
}

export function runNixInstantiate(args: string[], opts: NixRunOptions = {}): Promise<string> {
  const bin = opts.bin ?? 'nix-instantiate';
  return new Promise((resolvePromise, reject) => {
    execFile(
      bin,
      args,
      { env: { ...process.env, ...opts.env }, timeout: opts.timeoutMs ?? 300_000, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (!err) return resolvePromise(stdout);
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') return reject(new NixCommandError(`${bin} is not installed (not on PATH)`, ''));
        reject(new NixCommandError(nixErrorLine(String(stderr)), String(stderr)));
      },
    );
  });
}

const availability = new Map<string, Promise<boolean>>();

/** Whether nix-instantiate can be run at all (cached per binary). */
export function nixAvailable(opts: NixRunOptions = {}): Promise<boolean> {
  const bin = opts.bin ?? 'nix-instantiate';
  let known = availability.get(bin);
  if (!known) {
    known = runNixInstantiate(['--version'], { ...opts, timeoutMs: 30_000 }).then(
      () => true,
      () => false,
    );
    availability.set(bin, known);
  }
  return known;
}

/** `nix-instantiate --eval --strict --json` of an expression, parsed. */
export async function nixEvalJson(expr: string, opts: NixRunOptions = {}): Promise<unknown> {
  const out = await runNixInstantiate(['--eval', '--strict', '--json', '--expr', expr], opts);
  return JSON.parse(out);
}

/** `nix-instantiate --parse FILE`: throws NixCommandError with nix's message when Nix rejects the syntax. */
export async function nixParseFile(file: string, opts: NixRunOptions = {}): Promise<void> {
  await runNixInstantiate(['--parse', file], opts);
}

/** A Nix string literal for any text (used to embed paths in `--expr`). */
export function nixString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\$\{/g, '\\${')}"`;
}
