import { Option, type Command } from 'commander';
import { SUPPORTED_ARCHES, type SupportedArch } from '../arch/index.js';
import { checkNaming, DEFAULT_NAMING, type BackendNaming } from '../model/naming.js';
import { UserError } from '../util/errors.js';
import { parseArchList } from './source-options.js';

export interface NamingCliOptions {
  syscallPrefix?: string;
  socketcallPrefix?: string;
  dynamicName?: string;
  cloneName?: string;
}

/**
 * The backend-naming options, the same on every verb whose output depends on the names (scan,
 * apply, build, verify, coverage, stubs, diff). `legacyPrefix` also accepts scan's, coverage's and
 * stubs' old `--prefix P` (hidden; build's `--prefix` is an install directory).
 */
export function addNamingOptions(cmd: Command, opts: { legacyPrefix?: boolean } = {}): Command {
  cmd
    .option('--syscall-prefix <p>', `backend function prefix for SYS_ tokens (default ${DEFAULT_NAMING.syscallPrefix})`)
    .option('--socketcall-prefix <p>', `prefix for socket calls (default ${DEFAULT_NAMING.socketcallPrefix})`)
    .option('--dynamic-name <name>', `function for run-time syscall numbers (default ${DEFAULT_NAMING.dynamic})`)
    .option('--clone-name <name>', `function with musl's __clone contract (default ${DEFAULT_NAMING.clone})`);
  if (opts.legacyPrefix) {
    cmd.addOption(new Option('--prefix <p>', 'same as --syscall-prefix').hideHelp());
    // Mapped here, where it is registered, so namingFrom never reads `prefix` (build's --prefix is a directory).
    cmd.hook('preAction', (self) => {
      const { prefix, syscallPrefix } = self.opts<{ prefix?: string; syscallPrefix?: string }>();
      if (prefix !== undefined && syscallPrefix === undefined) self.setOptionValue('syscallPrefix', prefix);
    });
  }
  return cmd;
}

/** The naming the options ask for, over `base` (the kernel profile's, else IncludeOS's); a name that is not a C identifier is a usage error. */
export function namingFrom(opts: NamingCliOptions, base: BackendNaming = DEFAULT_NAMING): BackendNaming {
  const naming = {
    syscallPrefix: opts.syscallPrefix ?? base.syscallPrefix,
    socketcallPrefix: opts.socketcallPrefix ?? base.socketcallPrefix,
    dynamic: opts.dynamicName ?? base.dynamic,
    clone: opts.cloneName ?? base.clone,
  };
  const problem = checkNaming(naming);
  if (problem) throw new UserError(`invalid backend naming: ${problem}`, 'use C identifiers for the prefixes and names');
  return naming;
}

export function supportedArches(value: string | undefined): SupportedArch[] {
  const arches = parseArchList(value, SUPPORTED_ARCHES);
  const bad = arches.filter((a) => !(SUPPORTED_ARCHES as readonly string[]).includes(a));
  if (bad.length > 0) throw new UserError(`cannot rewrite for ${bad.join(', ')}`, `use --arch with ${SUPPORTED_ARCHES.join(', ')} or all`);
  return arches as SupportedArch[];
}
