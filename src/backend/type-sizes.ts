// Sizes of the C types a backend declares, per arch, as its compiler sees them: the arch's data
// model, musl's typedefs (alltypes and the public headers a backend includes: `nfds_t` is poll.h's),
// then the backend's own typedefs and `using` aliases. A name none of them defines is unknown.

import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { MuslTree } from '../model/index.js';
import { dataModel } from '../arch/index.js';
import { ArchTypes, lex } from '../scan/index.js';
import type { TypedefRecord } from './definitions.js';
import { readSourceText } from '../util/source-text.js';
import { blankComments } from './source-text.js';

export interface TypeSizer {
  /** Bytes of `long` on the arch (what musl passes and reads in every slot). */
  readonly long: number;
  /** Bytes of a type as written (`off_t`, `const char*`, `std::size_t`); null when unknown; `void` is null too. */
  size(type: string): number | null;
  /** Whether a type is an unsigned integer (not a pointer); null when unknown. */
  unsigned(type: string): boolean | null;
}

/** musl's typedefs for `arch`: alltypes (arch template, then generic) and the simple typedefs of its public headers. */
function muslTypedefText(tree: MuslTree, arch: string): string {
  const read = (rel: string) => {
    const file = path.join(tree.root, rel);
    return existsSync(file) ? blankComments(readSourceText(file, 'utf8', rel)) : '';
  };
  const parts = [read(`arch/${arch}/bits/alltypes.h.in`), read('include/alltypes.h.in')];
  for (const dir of ['include', 'include/sys', `arch/${arch}/bits`, 'arch/generic/bits']) {
    const abs = path.join(tree.root, dir);
    if (!existsSync(abs)) continue;
    for (const f of readdirSync(abs).filter((n) => n.endsWith('.h')).sort()) parts.push(typedefLines(read(`${dir}/${f}`)));
  }
  return parts.join('\n');
}

/** `typedef unsigned long nfds_t;` → alltypes' `TYPEDEF unsigned long nfds_t;`; `#define loff_t off_t` kept. */
function typedefLines(code: string): string {
  const lines: string[] = [];
  for (const m of code.matchAll(/^[ \t]*typedef[ \t]+([A-Za-z_][\w \t*]*?)[ \t]*\b(\w+)[ \t]*;/gm)) lines.push(`TYPEDEF ${m[1].trim()} ${m[2]};`);
  for (const m of code.matchAll(/^[ \t]*#[ \t]*define[ \t]+(\w+)[ \t]+((?:unsigned|signed|long|int|short|char|\w+_t)(?:[ \t]+\w+)*)[ \t]*$/gm)) {
    lines.push(`#define ${m[1]} ${m[2]}`);
  }
  return lines.join('\n');
}

/** The type sizer of one arch; without a tree, only C's own types and the backend's typedefs are known. */
export function typeSizer(arch: string, tree: MuslTree | null, backendTypedefs: TypedefRecord[]): TypeSizer {
  const { long, pointer } = dataModel(arch);
  const own = backendTypedefs.map((t) => `TYPEDEF ${cleanType(t.type).join(' ')} ${t.name};`).join('\n');
  const types = new ArchTypes({ long, pointer }, `${tree ? muslTypedefText(tree, arch) : ''}\n${own}`, () => null);
  const words = (type: string) => {
    const w = cleanType(type);
    return w.length === 0 ? null : types.resolve(w);
  };
  return {
    long,
    size: (type) => {
      const w = cleanType(type);
      if (w.length === 0 || (w.length === 1 && w[0] === 'void')) return null;
      // A pointer is pointer-sized whatever it points to (`const sigset_t *`, `struct user_desc*`).
      return w.includes('*') ? pointer : types.typeSize(w);
    },
    unsigned: (type) => {
      if (cleanType(type).includes('*')) return false;
      const resolved = words(type);
      if (resolved === null) return null;
      return !resolved.includes('*') && (resolved.includes('unsigned') || resolved.includes('_Bool'));
    },
  };
}

/** Words of a type without namespaces, restrict or attributes; references count as pointers. */
function cleanType(type: string): string[] {
  const text = type
    .replace(/\b[A-Za-z_]\w*\s*::\s*/g, '')
    .replace(/&&?/g, '*')
    .replace(/\b(?:restrict|__restrict|__restrict__|typename)\b/g, ' ')
    .replace(/\bbool\b/g, '_Bool');
  return lex(text).map((t) => t.text);
}
