// The patch series of a rewrite: musl-patches/<version>/ with numbered unified diffs (made with
// jsdiff), a `series` file and a README saying what each patch does. Byte-for-byte reproducible:
// files sorted, no timestamps, `a/` and `b/` prefixes for `patch -p1`. The generic patches come
// first; each arch's patch touches only that arch's directories, so one series covers all arches.

import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { FILE_HEADERS_ONLY, formatPatch, structuredPatch } from 'diff';
import type { FileChange, RewriteResult } from './types.js';
import { PTHREAD_CANCEL_C, SYSCALL_CP_C } from './cancel.js';
import { GENERIC_HEADER_PATH } from './backend-header.js';
import { SYSCALL_HEADER_PATH } from './syscall-header.js';
import { replaceDir } from '../util/output.js';

export interface SeriesPatch {
  /** `0001-syscall-macro-layer.patch` */
  name: string;
  title: string;
  description: string;
  files: string[];
  text: string;
}

interface Group {
  slug: string;
  title: string;
  description: (files: string[]) => string;
  owns: (file: string) => boolean;
}

const archOf = (file: string): string | null => {
  const parts = file.split('/');
  if (parts[0] === 'arch') return parts[1];
  if (parts[0] === 'src' && parts.length === 4) return parts[2];
  return null;
};

function groups(arches: string[]): Group[] {
  return [
    {
      slug: 'syscall-macro-layer',
      title: 'Turn the syscall macro family into backend calls',
      description: () =>
        `${SYSCALL_HEADER_PATH} includes the new ${GENERIC_HEADER_PATH} in place of musl's __syscall/syscall/` +
        '__syscall_cp/socketcall macros and the inline __alt_socketcall. The first macro level pastes the SYS_ token as ' +
        'written onto the backend function name (syscall_SYS_<token>, socketcall_<op>); __syscall_ret is applied exactly ' +
        'once by syscall(), syscall_cp() and socketcall(); run-time numbers go to syscall_n(nr, a, b, c, d, e, f).',
      owns: (f) => f === SYSCALL_HEADER_PATH || f === GENERIC_HEADER_PATH,
    },
    {
      slug: 'cancellation-backend-function',
      title: 'Carry the backend function through the cancellation chain',
      description: () =>
        `${SYSCALL_CP_C} and ${PTHREAD_CANCEL_C}: __syscall_cp, __syscall_cp_c and __syscall_cp_asm pass the ` +
        "site's backend function instead of its number, so cancellation points keep musl's mechanism (flag test, " +
        '[__cp_begin, __cp_end) region, -EINTR handling) and still name syscall_SYS_<token>; close is recognised by its ' +
        'backend function.',
      owns: (f) => f === SYSCALL_CP_C || f === PTHREAD_CANCEL_C,
    },
    {
      slug: 'runtime-number-syscall_n',
      title: 'Call syscall_n where the number is known only at run time',
      description: (files) => `Sites whose number is an expression call syscall_n(nr, a, b, c, d, e, f): ${files.join(', ')}.`,
      owns: (f) => archOf(f) === null,
    },
    ...arches.map(
      (arch): Group => ({
        slug: arch,
        title: `${arch}: trap-free syscall_arch.h, arity header and assembly`,
        description: (files) =>
          `arch/${arch}/syscall_arch.h keeps everything but the trap functions and the vDSO; ` +
          `arch/${arch}/syscall_backend_arch.h (generated) declares each backend function with its arity; ` +
          `the assembly trap sites are rewritten (see kernel-backend/passthrough/README.md for the contract). Files: ${files.join(', ')}.`,
        owns: (f) => archOf(f) === arch,
      }),
    ),
  ];
}

/** One file's diff, `patch -p1` style; /dev/null for added and deleted files. */
export function fileDiff(file: string, before: string | null, after: string | null): string {
  const patch = structuredPatch(
    before === null ? '/dev/null' : `a/${file}`,
    after === null ? '/dev/null' : `b/${file}`,
    before ?? '',
    after ?? '',
    undefined,
    undefined,
    { context: 3 },
  );
  return formatPatch(patch, FILE_HEADERS_ONLY);
}

/** Build the patches of a rewrite from the pristine tree and the patched tree. */
export async function buildSeries(pristineRoot: string, result: Pick<RewriteResult, 'root' | 'changes' | 'arches'>): Promise<SeriesPatch[]> {
  const read = async (root: string, file: string) => (existsSync(path.join(root, file)) ? readFile(path.join(root, file), 'utf8') : null);
  const remaining = [...result.changes].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const patches: SeriesPatch[] = [];
  for (const group of groups([...result.arches])) {
    const mine: FileChange[] = remaining.filter((c) => group.owns(c.path));
    if (mine.length === 0) continue;
    for (const c of mine) remaining.splice(remaining.indexOf(c), 1);
    const diffs: string[] = [];
    for (const c of mine) diffs.push(fileDiff(c.path, await read(pristineRoot, c.path), await read(result.root, c.path)));
    const number = String(patches.length + 1).padStart(4, '0');
    const files = mine.map((c) => c.path);
    patches.push({
      name: `${number}-${group.slug}.patch`,
      title: group.title,
      description: group.description(files),
      files,
      text: `${group.title}\n\n${wrap(group.description(files))}\n\n${diffs.join('')}`,
    });
  }
  if (remaining.length > 0) throw new Error(`changes no patch owns: ${remaining.map((c) => c.path).join(', ')}`);
  return patches;
}

function wrap(text: string, width = 78): string {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out.join('\n');
}

export function renderSeriesReadme(version: string, patches: SeriesPatch[]): string {
  const rows = patches.map((p) => `## ${p.name}\n\n${p.title}.\n\n${wrap(p.description)}\n`).join('\n');
  return `# musl ${version}: every system call as a plain C call into the kernel's backend

Generated by musl-patch. Apply to the pristine musl-${version} tree in order (\`series\`), e.g.
\`while read p; do patch -p1 < ../musl-patches/${version}/$p; done < ../musl-patches/${version}/series\`.

${rows}`;
}

/** Write musl-patches/<version>/ whole (a temporary directory swapped into place). */
export async function writeSeries(outDir: string, version: string, patches: SeriesPatch[]): Promise<void> {
  await replaceDir(outDir, async (work) => {
    await mkdir(work, { recursive: true });
    for (const p of patches) await writeFile(path.join(work, p.name), p.text);
    await writeFile(path.join(work, 'series'), patches.map((p) => p.name).join('\n') + '\n');
    await writeFile(path.join(work, 'README.md'), renderSeriesReadme(version, patches));
  });
}
