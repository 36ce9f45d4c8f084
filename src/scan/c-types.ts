// Sizes of C types on one arch, for the `sizeof` in conditions the compiler folds (see GuardFact):
// base types from the data model, musl's typedefs from its alltypes.h.in templates, and struct
// members from the definitions a source can see. Anything else is unknown (null), never guessed.

import type { ArchModel } from '../model/index.js';
import type { TypeSizes } from '../c/index.js';
import type { FileFacts } from './facts.js';
import { dataModel } from '../arch/index.js';
import type { Preprocessor } from './preprocess.js';
import { blankComments } from '../c/index.js';
import { lex } from '../c/index.js';
import type { TreeIndex } from './tree-index.js';

export interface DataModel {
  long: number;
  pointer: number;
}

const BASE: Record<string, (m: DataModel) => number> = {
  char: () => 1,
  short: () => 2,
  int: () => 4,
  long: (m) => m.long,
  float: () => 4,
  double: () => 8,
  _Bool: () => 1,
};
const QUALIFIERS = new Set(['unsigned', 'signed', 'const', 'volatile']);

export class ArchTypes implements TypeSizes {
  private readonly typedefs = new Map<string, string[]>();
  private readonly macros = new Map<string, string[]>();

  /**
   * `alltypes` is musl's arch template followed by the generic one (what mkalltypes.sed turns into
   * bits/alltypes.h); `structBody(keyword, tag)` finds a member list where the source can see it.
   */
  constructor(
    private readonly model: DataModel,
    alltypes: string,
    private readonly structBody: (keyword: string, tag: string) => string | null,
  ) {
    for (const m of alltypes.matchAll(/^[ \t]*#[ \t]*define[ \t]+(\w+)[ \t]+([^\n]+)$/gm)) this.macros.set(m[1], words(m[2]));
    for (const m of alltypes.matchAll(/^TYPEDEF[ \t]+([^;{}\n]+?)[ \t]+(\w+)[ \t]*;/gm)) this.typedefs.set(m[2], words(m[1]));
  }

  typeSize(typeWords: string[]): number | null {
    const ws = this.expand(typeWords);
    if (ws === null || ws.length === 0) return null;
    if (ws.includes('*')) return this.model.pointer;
    if (ws[0] === 'struct' || ws[0] === 'union') return null; // whole aggregates: not needed so far
    const kept = ws.filter((w) => !QUALIFIERS.has(w));
    const longs = kept.filter((w) => w === 'long').length;
    const rest = kept.filter((w) => w !== 'long' && w !== 'int'); // `short int` is short
    if (rest.length > 1) return null;
    if (rest.length === 1) return longs === 0 && BASE[rest[0]] ? BASE[rest[0]](this.model) : null; // long double: unknown
    return longs === 0 ? 4 : longs === 1 ? this.model.long : longs === 2 ? 8 : null;
  }

  memberSize(aggregate: string[], member: string): number | null {
    if (aggregate.length !== 2 || (aggregate[0] !== 'struct' && aggregate[0] !== 'union')) return null;
    const body = this.structBody(aggregate[0], aggregate[1]);
    if (body === null) return null;
    for (const declaration of topLevelDeclarations(body)) {
      const m = new RegExp(`^(.*?)\\b${member}\\s*(\\[\\s*(\\d+)\\s*\\])?$`).exec(declaration);
      if (!m || /[,:(]/.test(m[1])) continue;
      const size = this.typeSize(words(m[1]));
      if (size === null) return null;
      return m[2] ? (m[3] ? size * Number(m[3]) : null) : size;
    }
    return null;
  }

  /** The C words a type name stands for (`size_t` → `unsigned long`), null when a name is unknown. */
  resolve(typeWords: string[]): string[] | null {
    return this.expand(typeWords);
  }

  /** Replaces typedef names and alltypes' macros (`_Int64` → `long`) until only C words remain. */
  private expand(input: string[], depth = 0): string[] | null {
    if (depth > 8) return null;
    const out: string[] = [];
    for (const w of input) {
      const next = this.typedefs.get(w) ?? this.macros.get(w);
      if (next) {
        const e = this.expand(next, depth + 1);
        if (e === null) return null;
        out.push(...e);
      } else if (w === '*' || w === 'struct' || w === 'union' || w === 'void' || QUALIFIERS.has(w) || w in BASE) out.push(w);
      else if (out[out.length - 1] === 'struct' || out[out.length - 1] === 'union') out.push(w);
      else return null; // an unknown name
    }
    return out;
  }
}

function words(text: string): string[] {
  return lex(text).map((t) => t.text);
}

/** The declarations at brace depth 0 of a struct body (members of nested aggregates are not looked into). */
function topLevelDeclarations(body: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of body) {
    if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === ';' && depth === 0) {
      out.push(current.replace(/\s+/g, ' ').trim());
      current = '';
    } else if (depth === 0) current += c;
  }
  return out;
}

/** The member list of `struct tag { … }` (or musl's `STRUCT tag { … }`) in a text, null if absent. */
export function findStructBody(code: string, keyword: string, tag: string): string | null {
  const m = new RegExp(`\\b(?:${keyword}|${keyword.toUpperCase()})\\s+${tag}\\s*\\{`).exec(code);
  if (!m) return null;
  let depth = 1;
  for (let i = m.index + m[0].length; i < code.length; i++) {
    if (code[i] === '{') depth++;
    else if (code[i] === '}' && --depth === 0) return code.slice(m.index + m[0].length, i);
  }
  return null;
}

/** A tree file's text, empty when it does not exist (an arch without some template). */
function readOrEmpty(index: TreeIndex, path: string): string {
  try {
    return index.read(path);
  } catch {
    return '';
  }
}

/**
 * What musl's Makefile turns into obj/include/bits/alltypes.h with mkalltypes.sed: the arch's
 * template followed by the generic one.
 */
export function alltypesTemplate(index: TreeIndex, arch: string): string {
  return `${readOrEmpty(index, `arch/${arch}/bits/alltypes.h.in`)}\n${readOrEmpty(index, 'include/alltypes.h.in')}`;
}

/**
 * Type sizes as one source of `arch` sees them (for guards): musl's alltypes templates, and struct
 * definitions in the source or the headers it includes (`struct kstat` in arch/ARCH/kstat.h).
 */
export function archTypes(index: TreeIndex, model: ArchModel, pp: Preprocessor): (main: FileFacts) => ArchTypes {
  const { long, pointer } = dataModel(model.arch);
  const read = (p: string) => blankComments(readOrEmpty(index, p));
  const alltypes = blankComments(alltypesTemplate(index, model.arch));
  const perFile = new Map<FileFacts, ArchTypes>();
  return (main) => {
    let types = perFile.get(main);
    if (!types) {
      const structBody = (keyword: string, tag: string) => {
        // The source itself, then what it includes, breadth first (conditions aside: a struct tag
        // names one definition per arch in musl).
        const queue = [main.file];
        const seen = new Set(queue);
        for (let i = 0; i < queue.length && i < 64; i++) {
          const code = queue[i] === main.file ? main.code : read(queue[i]);
          const body = findStructBody(code, keyword, tag);
          if (body !== null) return body;
          for (const m of code.matchAll(/^[ \t]*#[ \t]*include[ \t]*([<"])([^>"]+)[>"]/gm)) {
            const target = pp.resolveInclude(queue[i], m[2], m[1] === '<');
            if (target && !seen.has(target)) {
              seen.add(target);
              queue.push(target);
            }
          }
        }
        return null;
      };
      perFile.set(main, (types = new ArchTypes({ long, pointer }, alltypes, structBody)));
    }
    return types;
  };
}
