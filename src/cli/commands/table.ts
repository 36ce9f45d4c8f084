import { join } from 'node:path';
import type { Command } from 'commander';
import { SUPPORTED_ARCHES } from '../../arch/index.js';
import { muslArches, PACKAGE_TABLE_ROOT, readSyscallTable, tableFiles, tableText } from '../../musl/index.js';
import { staleGenerated, writeGenerated } from '../../util/generated-files.js';
import { isVersion, resolveMuslTree } from '../../source/index.js';
import { addSourceOptions, fetchOptions, parseArchList, type SourceCliOptions } from '../source-options.js';
import { UserError } from '../../util/errors.js';
import { claimOutputDir } from '../../util/output.js';

interface TableOptions extends SourceCliOptions {
  arch?: string;
  json?: boolean;
  check?: boolean;
  write?: boolean;
  outDir: string;
}

export function register(program: Command): void {
  addSourceOptions(
    program
      .command('table <version|dir>')
      .description("per-arch syscall table (arch/ARCH/bits/syscall.h.in + musl's SYS_* aliases)"),
  )
    .option('--arch <list>', `comma-separated arches, or "all" for every arch of the tree (default: ${SUPPORTED_ARCHES.join(',')})`)
    .option('--json', 'print the tables as JSON')
    .option('--write', 'write syscall-table/<version>/<arch>.json')
    .option('--check', 'fail if the committed syscall-table/<version>/ files differ from a fresh generation')
    .option('--out-dir <dir>', "root of the generated tables (default: musl-patch's own syscall-table/)", PACKAGE_TABLE_ROOT)
    .action(async (spec: string, opts: TableOptions) => {
      const tree = await resolveMuslTree(spec, fetchOptions(opts));
      const arches = opts.arch === 'all' ? muslArches(tree) : parseArchList(opts.arch, SUPPORTED_ARCHES);
      const tables = await Promise.all(arches.map((a) => readSyscallTable(tree, a)));
      if (opts.check) {
        const stale = staleGenerated(opts.outDir, tableFiles(tables)).map((f) => join(opts.outDir, f));
        if (stale.length > 0) {
          throw new UserError(`syscall tables are stale: ${stale.join(', ')}`, `run: musl-patch table ${tree.version}${opts.arch ? ` --arch ${opts.arch}` : ''} --write`, 1);
        }
        console.log(`syscall-table/${tree.version}: ${tables.length} table(s) current`);
        return;
      }
      if (opts.write) {
        // --write asks to regenerate what is there, never inside the input tree.
        const outDir = claimOutputDir(opts.outDir, { label: '--out-dir', force: true, inputs: isVersion(spec) ? [] : [spec] });
        for (const f of await writeGenerated(outDir, tableFiles(tables))) console.log(`wrote ${join(opts.outDir, f)}`);
        return;
      }
      if (opts.json) {
        process.stdout.write(tables.length === 1 ? tableText(tables[0]) : `[\n${tables.map((t) => tableText(t).trimEnd()).join(',\n')}\n]\n`);
        return;
      }
      for (const t of tables) {
        console.log(`musl ${t.version} ${t.arch}: ${t.syscalls.length} syscalls, ${t.aliases.length} SYS_* aliases`);
        for (const a of t.aliases) console.log(`  SYS_${a.name} -> SYS_${a.target} (${a.number})`);
      }
    });
}
