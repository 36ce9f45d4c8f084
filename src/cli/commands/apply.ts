import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { cp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../../util/errors.js';
import { type MuslTree, type SyscallSite } from '../../model/index.js';
import { SITE_KINDS } from '../../model/kinds.js';
import { SUPPORTED_ARCHES } from '../../arch/index.js';
import { fetchTree, PINNED_SHA256, resolveMuslTree } from '../../source/index.js';
import { neededSymbols, scan } from '../../scan/index.js';
import { applyPatchFiles, applyRewrite, asmSiteFunctions, contractOfRewrite, fileHashes, type HunkConflict, isBuildOutput, localEdits, MANIFEST, outputDirRefusal, PACKAGE_KERNEL_BACKEND_ROOT, PACKAGE_SERIES_ROOT, refuseAlreadyPatched, regenerateSeries, renderKernelBackend, seriesNames, staleSeries } from '../../rewrite/index.js';
import { type BackendNaming, isDefaultNaming } from '../../model/naming.js';
import { staleGenerated, writeGenerated } from '../../util/generated-files.js';
import { realPathOf } from '../../util/fs.js';
import { refuseCrlf } from '../../util/source-text.js';
import { claimOutputDir, replaceDir } from '../../util/output.js';
import { inputPath } from '../../util/paths.js';
import { addNamingOptions, namingFrom, supportedArches, type NamingCliOptions } from '../naming-options.js';
import { addSourceOptions, fetchOptions, type SourceCliOptions } from '../source-options.js';
import { describeConfigure } from '../../musl/index.js';
import { addProfileOptions, cliProfile, muslSpec, profileArches, profileBackendPaths, profileConfigureOptions, profileKernelPatches, profileNaming, type ProfileCliOptions } from '../profile.js';

interface ApplyCliOptions extends SourceCliOptions, NamingCliOptions, ProfileCliOptions {
  arch?: string;
  out?: string;
  series?: string | boolean;
  kernelBackendDir: string;
  check?: boolean;
  extraPatches?: string;
  coverage?: string[];
  force?: boolean;
  allowLocalEdits?: boolean;
  jobs: string;
}

export function register(program: Command): void {
  addProfileOptions(
    addNamingOptions(
      addSourceOptions(
        program
          .command('apply [version|dir]')
          .description('write the patched musl tree (and/or regenerate or check its patch series musl-patches/<version>/)'),
      ),
    ),
  )
    .option('--arch <list>', `arches the summary covers and a regenerated series rewrites (default: ${SUPPORTED_ARCHES.join(', ')})`)
    .option('--out <dir>', 'where the patched tree goes (default: ./musl-<version>-patched)')
    .option('--series [dir]', 'regenerate the patch series (default musl-patches/<version>) instead of writing a tree')
    .option('--kernel-backend-dir <dir>', 'with --series: where the backend prototypes header and passthrough tables go', 'kernel-backend')
    .option('--check', 'fail if the committed series or kernel-backend/ files differ from a fresh regeneration')
    .option("--extra-patches <dir>", "apply a kernel's own patches (its series file, else *.patch in name order) after ours (default: the profile's musl.patches)", inputPath('dir', '--extra-patches', 'pass a directory of .patch files (optionally with a series file)'))
    .option('--coverage <backend...>', "after writing, print the coverage summary of this backend (C/C++ files or directories; default: the profile's backend)", inputPath('file-or-dir', '--coverage', "pass the kernel's syscall backend: directories or C/C++ files", true))
    .option('--force', 'replace --out even if it was edited or not written by musl-patch (never the input tree or a directory around it)')
    .option('--allow-local-edits', 'accept an input directory that differs from the pristine release')
    .option('-j, --jobs <n>', 'parallel jobs for the probes', '2')
    .action(async (specArg: string | undefined, opts: ApplyCliOptions, command: Command) => {
      const profile = cliProfile(opts);
      const spec = muslSpec(specArg, profile, 'apply');
      const tree = await resolveMuslTree(spec, fetchOptions(opts));
      refuseAlreadyPatched(tree);
      const arches = supportedArches(profileArches(command, opts.arch, profile));
      const naming = namingFrom(opts, profileNaming(profile));
      const malloc = profileConfigureOptions(opts, profile).malloc;
      const options = { arches, naming, jobs: Number(opts.jobs), cacheRoot: opts.cacheDir };
      const committed = path.join(PACKAGE_SERIES_ROOT, tree.version);

      if (opts.check) {
        const { stale, rewrite } = await staleSeries(tree, committed, options);
        if (isDefaultNaming(naming) && arches.length === SUPPORTED_ARCHES.length) {
          const generated = renderKernelBackend(contractOfRewrite(rewrite));
          stale.push(...staleGenerated(PACKAGE_KERNEL_BACKEND_ROOT, generated).map((f) => `kernel-backend/${f}`));
        }
        if (stale.length > 0) {
          throw new UserError(`generated files of musl ${tree.version} are stale (${stale.join(', ')})`, `run: musl-patch apply ${tree.version} --series and commit the result`, 1);
        }
        console.log(`musl-patches/${tree.version}: current (${seriesNames(committed).length} patches); kernel-backend/ files for ${tree.version} current`);
        return;
      }
      if (opts.series) {
        // Regenerating is what --series asks for (so existing files are replaced), but never into the input.
        const outDir = claimOutputDir(typeof opts.series === 'string' ? opts.series : path.join('musl-patches', tree.version), { label: '--series', force: true, inputs: [tree.root] });
        const backendDir = claimOutputDir(opts.kernelBackendDir, { label: '--kernel-backend-dir', force: true, inputs: [tree.root] });
        const { dir, patches, rewrite } = await regenerateSeries(tree, { ...options, outDir });
        console.log(`patch series for musl ${tree.version}: ${dir}`);
        for (const p of patches) console.log(`  ${p.name}: ${p.title} (${p.files.length} files)`);
        for (const f of await writeGenerated(backendDir, renderKernelBackend(contractOfRewrite(rewrite)))) console.log(`  ${path.join(backendDir, f)}`);
        return;
      }

      // Where the tree goes is checked before any work: never over or around the input, even with --force.
      const out = claimOutputDir(opts.out ?? `musl-${tree.version}-patched`, {
        label: '--out',
        force: opts.force,
        inputs: [tree.root],
        refuse: outputDirRefusal,
      });
      const extra = opts.extraPatches ? extraPatchList(opts.extraPatches) : profileKernelPatches(profile);
      await refuseLocalEdits(spec, tree, opts);
      let how = '';
      await replaceDir(out, async (work) => {
        const shipped = seriesNames(committed);
        if (shipped.length > 0 && isDefaultNaming(naming)) {
          await cp(tree.root, work, { recursive: true, filter: (src) => !isBuildOutput(tree.root, src) });
          const conflicts = applyPatchFiles(work, shipped.map((n) => path.join(committed, n)));
          if (conflicts.length > 0) {
            const crlf = conflicts.find((c) => readFileSync(path.join(tree.root, c.file), 'latin1').includes('\r'));
            if (crlf) refuseCrlf(crlf.file, '\r');
            throw new UserError(`the shipped series does not apply to ${spec} (${describeConflicts(conflicts)})`, 'use a pristine tree, or regenerate with --series');
          }
          how = `shipped series musl-patches/${tree.version} (${shipped.length} patches)`;
        } else {
          await applyRewrite(tree, work, options);
          how = 'fresh rewrite (custom naming or no shipped series)';
        }
        if (extra.length > 0) {
          const conflicts = applyPatchFiles(work, extra);
          if (conflicts.length > 0) {
            throw new UserError(`extra patches conflict: ${describeConflicts(conflicts)}`, 'rebase those patches onto the patched tree (nothing was written)');
          }
          how += ` + ${extra.length} extra patch(es)`;
        }
        await writeFile(path.join(work, MANIFEST), `${JSON.stringify({ tool: 'musl-patch', version: tree.version, files: fileHashes(work) }, null, 1)}\n`);
      });
      console.log(`patched musl ${tree.version}: ${out}`);
      console.log(`  from ${how}`);
      if (profile) console.log(`  kernel profile ${profile.file}: configure ${describeConfigure(profileConfigureOptions(opts, profile))}`);
      const scanned = await scan(tree, arches, { naming, malloc });
      console.log(siteSummary(scanned.arches, naming));
      const coverageBackend = opts.coverage?.length ? opts.coverage : profileBackendPaths(undefined, profile);
      if (coverageBackend.length > 0) {
        const { runCoverage } = await import('../../backend/index.js');
        const { defaultBackendConfig } = await import('../../backend/index.js');
        const { formatTotals } = await import('../../report/index.js');
        const sites = scanned.arches.flatMap((a) => a.sites);
        const run = await runCoverage({ version: tree.version, arches, sites, backendPaths: coverageBackend, config: defaultBackendConfig({ naming }), tree, relativeTo: opts.coverage?.length ? undefined : profile?.root });
        const how = opts.coverage?.length ? `musl-patch coverage ${tree.version} --backend ${opts.coverage.join(' ')}` : 'musl-patch coverage';
        console.log(['', ...formatTotals(run.report), `(details: ${how})`].join('\n'));
      }
    });
}

function describeConflicts(conflicts: HunkConflict[]): string {
  return conflicts.map((c) => `${c.patch}: ${c.file}${c.hunk ? ` hunk #${c.hunk}` : ''} fails`).join('; ');
}

/** The patches of --extra-patches in order; a series entry must name a file inside that directory. */
function extraPatchList(dir: string): string[] {
  const listed = seriesNames(dir);
  const names = listed.length > 0 ? listed : readdirSync(dir).filter((f) => /\.(patch|diff)$/.test(f)).sort();
  if (names.length === 0) throw new UserError(`--extra-patches ${dir} holds no .patch file`, 'pass a directory of .patch files (optionally with a series file)');
  const root = realPathOf(dir);
  return names.map((n) => {
    const file = path.resolve(dir, n);
    const rel = path.relative(root, realPathOf(file));
    if (rel.startsWith('..') || path.isAbsolute(rel)) {
      throw new UserError(`--extra-patches ${dir}/series names ${n}, which lies outside ${dir}`, 'list only patch files of that directory in its series file');
    }
    if (!existsSync(file) || !statSync(file).isFile()) throw new UserError(`--extra-patches ${dir}/series names ${n}, which is not a file there`, 'fix the series file or add the patch');
    return file;
  });
}

/** A directory given as input must be the pristine release unless the user says otherwise. */
async function refuseLocalEdits(spec: string, tree: MuslTree, opts: ApplyCliOptions): Promise<void> {
  if (opts.allowLocalEdits || !existsSync(spec) || !PINNED_SHA256[tree.version]) return;
  const pristine = await fetchTree(tree.version, { cacheDir: opts.cacheDir, offline: opts.offline }).catch(() => null);
  if (!pristine) return;
  const edits = localEdits(tree, pristine);
  if (edits.length > 0) {
    throw new UserError(
      `${spec} differs from the pristine musl ${tree.version} in ${edits.length} file(s): ${edits.slice(0, 3).join(', ')}${edits.length > 3 ? ', …' : ''}`,
      'apply to the version number instead, or pass --allow-local-edits to carry the edits into the patched tree',
    );
  }
}

/** Sites per class and arch, as the scan counts them, and the backend symbols the libc will need. */
function siteSummary(arches: { arch: string; sites: SyscallSite[] }[], naming: BackendNaming): string {
  const kinds = SITE_KINDS;
  const rows = [['arch', ...kinds, 'backend symbols']];
  for (const { arch, sites } of arches) {
    const needed = neededSymbols(sites, { asmReferences: asmSiteFunctions(arch, naming), naming });
    rows.push([arch, ...kinds.map((k) => String(sites.filter((s) => s.kind === k).length)), String(needed.size)]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return ['  sites rewritten per class:', ...rows.map((r) => '    ' + r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd())].join('\n');
}
