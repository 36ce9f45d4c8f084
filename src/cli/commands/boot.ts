import type { Command } from 'commander';
import { boot, BOOT_ARCHES, parseBootArch, type BootResult } from '../../boot/index.js';
import { buildPatchedMusl } from '../../build/index.js';
import { addProfileOptions, cliProfile, profileConfigureOptions, profileKernelPatches, type ProfileCliOptions } from '../profile.js';
import { isVersion, resolveMuslTree } from '../../source/index.js';
import { claimOutputDir } from '../../util/output.js';
import { inputPath } from '../../util/paths.js';
import { addSourceOptions, fetchOptions, type SourceCliOptions } from '../source-options.js';

interface BootCliOptions extends SourceCliOptions, ProfileCliOptions {
  arch: string;
  program?: string;
  timeout: string;
  libc?: string;
  memory: string;
  workDir?: string;
  verbose?: boolean;
}

export function register(program: Command): void {
  addProfileOptions(addSourceOptions(
    program
      .command('boot <version|dir> [args...]')
      .description("run a C program on the patched libc (built as the kernel profile says, when there is one) in kernel mode (x86_64 ring 0, aarch64 EL1, riscv64 M-mode) under qemu-system; any trap is reported"),
  ))
    .option('--arch <arch>', BOOT_ARCHES.join(' or '), BOOT_ARCHES[0])
    .option('--program <file.c>', 'C program to build and run (default: a hello world)', inputPath('file', '--program', 'pass a C source file'))
    .option('--timeout <s>', 'seconds before the run is stopped', '30')
    .option('--libc <dir>', 'musl install prefix to link against (default: the patched musl, rewritten and built as needed)', inputPath('dir', '--libc', 'pass a musl install prefix (holding lib/libc.a)'))
    .option('--memory <MiB>', 'guest RAM', '512')
    .option('--work-dir <dir>', 'build here and keep the image (default: a temporary directory)')
    .addHelpText('after', "\nOnce the program ran, boot exits with the program's own status (123: qemu ended without a report, 124: timeout, 125: fault).")
    .action(async (spec: string, args: string[], opts: BootCliOptions) => {
      const arch = parseBootArch(opts.arch);
      // A work directory is reused on purpose (it keeps the image), but never a file or the musl tree.
      const workDir = opts.workDir ? claimOutputDir(opts.workDir, { label: '--work-dir', force: true, inputs: isVersion(spec) ? [] : [spec] }) : undefined;
      let libcDir = opts.libc;
      let version = spec;
      if (!libcDir) {
        const tree = await resolveMuslTree(spec, fetchOptions(opts));
        version = tree.version;
        if (opts.verbose) process.stderr.write(`boot: rewriting and building patched musl ${version} for ${arch} (cached after the first time)\n`);
        const profile = cliProfile(opts);
        libcDir = (await buildPatchedMusl(tree, arch, { configure: profileConfigureOptions({}, profile), patches: profileKernelPatches(profile) })).build.prefix;
      }
      const r = await boot({
        version,
        arch,
        args,
        program: opts.program,
        timeoutS: Number(opts.timeout),
        libcDir,
        memoryMiB: Number(opts.memory),
        workDir,
        onOutput: (b) => process.stdout.write(b),
      });
      if (opts.verbose) report(r);
      const o = r.outcome;
      if (o.kind === 'fault' && o.instruction) {
        process.stderr.write(`musl-patch: boot: ${arch} program faulted executing \`${o.instruction}\` (vector ${o.vector}): a trap instruction is left in the libc or program\n`);
      } else if (o.kind === 'fault') {
        process.stderr.write(`musl-patch: boot: ${arch} program crashed (vector ${o.vector}, not a trap): see the ring0 fault line above\n`);
      } else if (o.kind === 'timeout') {
        const where = !o.cpu ? '' : o.cpu.halted ? `, CPU halted at ${o.cpu.pc}: musl's a_crash is \`hlt\` on x86_64` : `, CPU at ${o.cpu.pc}`;
        process.stderr.write(`musl-patch: boot: ${arch} program still running after ${opts.timeout} s${where} (raise --timeout if it is just slow)\n`);
      } else if (o.kind === 'lost') {
        process.stderr.write(`musl-patch: boot: ${o.detail}\n`);
      } else if (o.kind === 'signal') {
        process.stderr.write(`musl-patch: boot: program killed by signal ${o.signal}\n`);
      }
      process.exitCode = o.status;
    });
}

function report(r: BootResult): void {
  process.stderr.write(`boot: ${r.outcome.kind} status ${r.outcome.status} after ${r.runMs} ms in qemu\n`);
  process.stderr.write(`boot: ${r.stubbed.length} -ENOSYS stubs linked; called: ${r.enosys.join(' ') || 'none'}\n`);
}
