// `nix-instantiate --parse` as a guard before a generated Nix file replaces the real one.

import { nixAvailable, NixCommandError, nixParseFile, type NixRunOptions } from './nix-cli.js';

/** True when nix accepted the file, false when nix is not installed; throws Error(nix's message) when rejected. */
export async function nixAccepts(file: string, opts: NixRunOptions = {}): Promise<boolean> {
  if (!(await nixAvailable(opts))) return false;
  try {
    await nixParseFile(file, opts);
    return true;
  } catch (err) {
    if (err instanceof NixCommandError) throw new Error(err.reason);
    throw err;
  }
}
