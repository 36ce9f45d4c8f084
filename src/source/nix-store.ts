import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

export function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(':').some((dir) => dir && existsSync(`${dir}/${command}`));
}

/**
 * The store path of pkgsStatic musl's source tarball when `<nixpkgs>` resolves and its version
 * is `version`. With `realise`, an absent path is built/substituted by nix; otherwise only an
 * already present path is returned.
 */
export async function nixMuslSource(version: string, realise: boolean, log: (msg: string) => void): Promise<string | null> {
  const expr = 'let m = (import <nixpkgs> {}).pkgsStatic.musl; in { version = m.version; src = m.src.outPath; drv = m.src.drvPath; }';
  let info: { version: string; src: string; drv: string };
  try {
    const { stdout } = await run('nix-instantiate', ['--eval', '--strict', '--json', '-E', expr], { timeout: 120_000 });
    info = JSON.parse(stdout);
  } catch (err) {
    log(`nix: cannot evaluate <nixpkgs> pkgsStatic.musl (${firstErrorLine((err as { stderr?: string }).stderr ?? String(err))})`);
    return null;
  }
  if (info.version !== version) {
    log(`nix: pkgsStatic.musl is ${info.version}, not ${version}`);
    return null;
  }
  if (!existsSync(info.src) && realise) {
    try {
      await run('nix-store', ['--realise', info.drv], { timeout: 300_000 });
    } catch {
      log(`nix: could not realise ${info.drv}`);
    }
  }
  return existsSync(info.src) && statSync(info.src).isFile() ? info.src : null;
}

function firstErrorLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  return (lines.find((l) => /error:/.test(l)) ?? lines[0] ?? '').trim();
}
