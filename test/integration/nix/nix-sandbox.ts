// An isolated Nix for tests: store, state, logs, config and HOME in a temp dir, so nothing touches
// /nix or the user's configuration. Nix creates the store on first use; no daemon, no network.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';

export interface NixSandbox {
  dir: string;
  env: NodeJS.ProcessEnv;
}

export function nixSandbox(): NixSandbox {
  const dir = mkdtempSync(join(tmpdir(), 'musl-patch-nix-'));
  for (const sub of ['conf', 'home']) mkdirSync(join(dir, sub));
  // Debian's nix-bin ships sandbox = false too; substituters off so nothing is ever downloaded.
  writeFileSync(join(dir, 'conf', 'nix.conf'), 'sandbox = false\nsubstituters =\n');
  const env = {
    NIX_STORE_DIR: join(dir, 'store'),
    NIX_STATE_DIR: join(dir, 'state'),
    NIX_LOG_DIR: join(dir, 'log'),
    NIX_CONF_DIR: join(dir, 'conf'),
    HOME: join(dir, 'home'),
    NIX_PATH: '',
  };
  return { dir, env };
}

/** Runs a nix tool inside the sandbox; returns stdout. */
export function nixTool(sandbox: NixSandbox, tool: string, args: string[]): string {
  return execFileSync(tool, args, { env: { ...process.env, ...sandbox.env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}
