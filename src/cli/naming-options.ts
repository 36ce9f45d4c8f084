import type { Command } from 'commander';
import { SUPPORTED_ARCHES, type SupportedArch } from '../arch/index.js';
import { DEFAULT_NAMING, type BackendNaming } from '../rewrite/index.js';
import { UserError } from '../util/errors.js';
import { parseArchList } from './source-options.js';

export interface NamingCliOptions {
  syscallPrefix?: string;
  socketcallPrefix?: string;
  dynamicName?: string;
  cloneName?: string;
}

/** The backend-naming options apply, build and verify share. */
export function addNamingOptions(cmd: Command): Command {
  return cmd
    .option('--syscall-prefix <p>', `backend function prefix for SYS_ tokens (default ${DEFAULT_NAMING.syscallPrefix})`)
    .option('--socketcall-prefix <p>', `prefix for socket calls (default ${DEFAULT_NAMING.socketcallPrefix})`)
    .option('--dynamic-name <name>', `function for run-time syscall numbers (default ${DEFAULT_NAMING.dynamic})`)
    .option('--clone-name <name>', `function with musl's __clone contract (default ${DEFAULT_NAMING.clone})`);
}

export function namingFrom(opts: NamingCliOptions): BackendNaming {
  return {
    syscallPrefix: opts.syscallPrefix ?? DEFAULT_NAMING.syscallPrefix,
    socketcallPrefix: opts.socketcallPrefix ?? DEFAULT_NAMING.socketcallPrefix,
    dynamic: opts.dynamicName ?? DEFAULT_NAMING.dynamic,
    clone: opts.cloneName ?? DEFAULT_NAMING.clone,
  };
}

export function supportedArches(value: string | undefined): SupportedArch[] {
  const arches = parseArchList(value, SUPPORTED_ARCHES);
  const bad = arches.filter((a) => !(SUPPORTED_ARCHES as readonly string[]).includes(a));
  if (bad.length > 0) throw new UserError(`cannot rewrite for ${bad.join(', ')}`, `use --arch with ${SUPPORTED_ARCHES.join(', ')} or all`);
  return arches as SupportedArch[];
}
