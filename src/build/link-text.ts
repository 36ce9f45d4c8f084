// Readers of what GNU ld, nm and objdump print about a link, pure on text. Every path in that text
// is one the link was given (short names in a scratch directory), so each reader returns names as
// printed: `p0.o`, `libc.a(printf.lo)`.

/** A file of the link, as ld and nm name it: an object, or an archive member `archive(member)`. */
export interface LinkFileName {
  /** The object's path, or the archive's. */
  path: string;
  member: string | null;
}

/** `ARCHIVE(MEMBER)` or a plain path. */
export function parseLinkFileName(text: string): LinkFileName {
  const m = /^(.*\.a)\((.+)\)$/.exec(text);
  return m ? { path: m[1], member: m[2] } : { path: text, member: null };
}

/** One archive member the linker took, and the reference that made it take it (first one only). */
export interface MemberInclusion {
  member: LinkFileName;
  by: LinkFileName;
  symbol: string;
}

/**
 * The map file's "Archive member included to satisfy reference by file (symbol)" section: the
 * linker's own member selection, in the order it made it. A long member name puts the reason on
 * the next line; a short one keeps both on one line.
 */
export function parseMapInclusions(map: string): MemberInclusion[] {
  const lines = map.split('\n');
  const start = lines.findIndex((l) => l.startsWith('Archive member included to satisfy reference by file (symbol)'));
  if (start < 0) return [];
  const out: MemberInclusion[] = [];
  let pending: string | null = null;
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '') {
      if (pending === null && out.length > 0) break;
      continue;
    }
    if (!/^\s/.test(line)) {
      if (pending !== null) break; // a section title after an entry without a reason: done
      const both = /^(\S+)\s+(\S+) \((.+)\)$/.exec(line);
      if (both) out.push({ member: parseLinkFileName(both[1]), by: parseLinkFileName(both[2]), symbol: both[3] });
      else if (/^\S+\.a\(.+\)$/.test(line)) pending = line;
      else break;
      continue;
    }
    const reason = /^\s+(\S+) \((.+)\)$/.exec(line);
    if (pending === null || !reason) break;
    out.push({ member: parseLinkFileName(pending), by: parseLinkFileName(reason[1]), symbol: reason[2] });
    pending = null;
  }
  return out;
}

/** A reference the link left unresolved, where the linker says it is. */
export interface UnresolvedReference {
  symbol: string;
  file: LinkFileName;
  /** The function whose code refers to it; null for a reference from data. */
  function: string | null;
}

const QUOTED = '[`\'‘]([^\'’]+)[\'’]';

/**
 * `--warn-unresolved-symbols` output (LC_ALL=C): a context line `FILE: in function `F':` then
 * `SOURCE:(SECTION+OFF): warning: undefined reference to `S'` lines (`SOURCE:LINE:` with debug info); a reference from data names
 * the file itself before `:(` (no function). After five in a row ld says "more undefined references to `S' follow".
 * `files` are the link's inputs, to tell a file from a source name.
 */
export function parseUnresolvedWarnings(stderr: string, files: Set<string>): UnresolvedReference[] {
  const out: UnresolvedReference[] = [];
  const seen = new Set<string>();
  let context: { file: LinkFileName; fn: string } | null = null;
  const add = (symbol: string, file: LinkFileName, fn: string | null) => {
    const key = `${symbol}\0${file.path}\0${file.member}\0${fn}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ symbol, file, function: fn });
  };
  for (const raw of stderr.split('\n')) {
    const line = raw.replace(/^\S*ld(\.bfd)?: /, '');
    const ctx = new RegExp(`^(.+): in function ${QUOTED}:$`).exec(line);
    if (ctx) {
      context = { file: parseLinkFileName(ctx[1]), fn: ctx[2] };
      continue;
    }
    // SOURCE:(SECTION+OFF), or SOURCE:LINE when the object has debug info (musl's --enable-debug).
    const ref = new RegExp(`^(.+?):(?:\\(([^()]*)\\)|\\d+): (?:warning: )?undefined reference to ${QUOTED}$`).exec(line);
    if (ref) {
      const where = parseLinkFileName(ref[1]);
      // ld names the file itself (not a source) when no function holds the reference: data.
      if (files.has(where.path)) add(ref[3], where, null);
      else if (context) add(ref[3], context.file, context.fn);
      continue;
    }
    const more = new RegExp(`^(.+?): more undefined references to ${QUOTED} follow$`).exec(line);
    if (more && context) add(more[2], context.file, context.fn);
  }
  return out;
}

/** One object's symbols as nm reports them. */
export interface ObjectSymbols {
  name: LinkFileName;
  /** Global definitions; weak ones are also in `weak`. */
  defined: Set<string>;
  weak: Set<string>;
  /** References: strong (`U`) and weak (`w`, `v` undefined). */
  undefined: Set<string>;
  weakUndefined: Set<string>;
}

/**
 * `nm -P` of one file: an object (no heading when it is the only file), or an archive, whose
 * members each start with `ARCHIVE[MEMBER]:` — two members of one name stay two entries.
 */
export function parseNmPosix(text: string, file: string): ObjectSymbols[] {
  const out: ObjectSymbols[] = [];
  let current: ObjectSymbols | null = null;
  const start = (name: LinkFileName) => {
    current = { name, defined: new Set(), weak: new Set(), undefined: new Set(), weakUndefined: new Set() };
    out.push(current);
  };
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const member = /^(.*)\[(.+)\]:$/.exec(line);
    if (member) {
      start({ path: file, member: member[2] });
      continue;
    }
    if (/^\S+:$/.test(line) && !line.includes(' ')) {
      start({ path: file, member: null });
      continue;
    }
    const m = /^(\S+) ([A-Za-z?])(?: |$)/.exec(line);
    if (!m) continue;
    if (!current) start({ path: file, member: null });
    const [name, type] = [m[1], m[2]];
    const sym = current as unknown as ObjectSymbols;
    // nm's letters: U undefined, w/v weak undefined, W/V weak definitions, other upper case global
    // definitions, u unique globals, i indirect functions; other lower case letters are local.
    if (type === 'U') sym.undefined.add(name);
    else if (type === 'w' || type === 'v') sym.weakUndefined.add(name);
    else if (type === type.toUpperCase() || type === 'u' || type === 'i') {
      sym.defined.add(name);
      if (type === 'W' || type === 'V') sym.weak.add(name);
    }
  }
  return out;
}

/** A reference from a function of an object to a symbol (from its relocations). */
export interface FunctionReference {
  file: LinkFileName;
  function: string | null;
  symbol: string;
}

/**
 * `objdump -t -r -w` of objects or an archive: each relocation against a named symbol, attributed
 * to the function whose bytes it patches (the `F` symbol of that section covering its offset).
 */
export function parseObjdumpReferences(text: string, file: string): FunctionReference[] {
  const out: FunctionReference[] = [];
  const seen = new Set<string>();
  let name: LinkFileName = { path: file, member: null };
  let functions: { section: string; start: number; end: number; name: string }[] = [];
  let section: string | null = null;
  for (const line of text.split('\n')) {
    const fmt = /^(.+?):\s+file format \S+$/.exec(line);
    if (fmt) {
      const member = /^In archive /.test(fmt[1]) ? null : fmt[1];
      name = { path: file, member: member && member !== file ? member : null };
      functions = [];
      section = null;
      continue;
    }
    const sym = /^([0-9a-f]+) .{7} (\S+)\t([0-9a-f]+)\s+(?:\.hidden |\.protected |\.internal )?(\S+)$/.exec(line);
    if (sym && line.slice(sym[1].length + 1, sym[1].length + 8)[6] === 'F') {
      const start = Number.parseInt(sym[1], 16);
      functions.push({ section: sym[2], start, end: start + Number.parseInt(sym[3], 16), name: sym[4] });
      continue;
    }
    const rel = /^RELOCATION RECORDS FOR \[(.+)\]:$/.exec(line);
    if (rel) {
      section = rel[1];
      continue;
    }
    const r = section && /^([0-9a-f]+)\s+\S+\s+(\S+?)(?:[+-]0x[0-9a-f]+)?$/.exec(line);
    if (!r || !section || r[2] === section || r[2].startsWith('.')) continue;
    const offset = Number.parseInt(r[1], 16);
    const target = section.replace(/^\.rela?(?=\.)/, '');
    const fn = functions.find((f) => f.section === target && offset >= f.start && offset < f.end)?.name ?? null;
    const key = `${name.member}\0${fn}\0${r[2]}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ file: name, function: fn, symbol: r[2] });
  }
  return out;
}
