// `musl-patch init`: writes the kernel profile (musl-patch.json) at the root of a kernel's
// repository, read from its musl derivation and its layout; says what it read and what it did not.

import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../../util/errors.js';
import { PROFILE_FILE, profileFromRepository, profileSchema } from '../../profile/index.js';
import { claimOutputFile, writeOutputFile } from '../../util/output.js';
import { existingPath } from '../../util/paths.js';

/** Where IncludeOS keeps its musl derivation; `init` reads it when it is there. */
const DEFAULT_DERIVATION = 'deps/musl/default.nix';

interface InitCliOptions {
  from?: string;
  version?: string;
  out?: string;
  force?: boolean;
}

export function register(program: Command): void {
  program
    .command('init')
    .description(`write the kernel profile ${PROFILE_FILE} here, read from the kernel's musl derivation (default: ${DEFAULT_DERIVATION}) and its backend directories`)
    .option('--from <file>', `the kernel's musl Nix derivation (default: ${DEFAULT_DERIVATION} when it exists)`)
    .option('--version <x.y.z>', "the musl version, when the derivation does not say (or there is none)")
    .option('--out <file>', `where the profile goes (default: ./${PROFILE_FILE}); its directory is the root its paths are relative to`)
    .option('--force', 'replace an existing profile')
    .action(async (opts: InitCliOptions) => {
      const out = path.resolve(opts.out ?? PROFILE_FILE);
      const root = path.dirname(out);
      const derivation = opts.from
        ? path.resolve(existingPath(opts.from, 'file', '--from', "pass the kernel's musl derivation, e.g. deps/musl/default.nix"))
        : existsSync(path.join(root, DEFAULT_DERIVATION))
          ? path.join(root, DEFAULT_DERIVATION)
          : null;
      if (existsSync(out) && !opts.force) throw new UserError(`${path.relative(process.cwd(), out) || out} exists`, 'edit it, or pass --force to write it anew');
      const file = claimOutputFile(out, { label: '--out', force: true, inputs: derivation ? [derivation] : [] });
      const { profile, read, notes } = profileFromRepository({ root, derivation, version: opts.version });
      const checked = profileSchema.safeParse(profile);
      if (!checked.success) {
        const issue = checked.error.issues[0];
        throw new UserError(`cannot write a profile: ${issue.path.join('.') || 'top level'}: ${issue.message}${notes.length ? ` (${notes.join('; ')})` : ''}`, 'pass what is missing (e.g. --version 1.2.5), or write musl-patch.json by hand');
      }
      await writeOutputFile(file, `${JSON.stringify(profile, null, 2)}\n`);
      const shown = path.relative(process.cwd(), file) || file;
      console.log(`wrote ${shown}${derivation ? ` from ${path.relative(root, derivation)}` : ''}:`);
      for (const line of read) console.log(`  ${line}`);
      if (notes.length > 0) {
        console.log('not read or left out:');
        for (const n of notes) console.log(`  - ${n}`);
      }
      console.log(`every musl-patch verb run in ${root === process.cwd() ? 'this directory' : root} or below now uses it (--config FILE for another, --no-config for none)`);
    });
}
