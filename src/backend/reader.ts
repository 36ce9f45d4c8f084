// Reads a kernel's syscall backend (C and C++ sources) and lists the backend symbols it defines,
// each classified implemented or stub. Files that do not parse are reported and their broken
// regions skipped; reading never fails because of one bad file.
import type { BackendSymbol } from '../model/index.js';
import { readSourceTextAsync } from '../util/source-text.js';
import { compareText } from '../util/text.js';
import { isBackendSymbolName, type BackendConfig } from './config.js';
import { extractRecords, type DeclarationRecord, type FileRecords, type FunctionRecord, type TypedefRecord } from './definitions.js';
import { backendSourceFiles, displayPath, type BackendPath } from './files.js';
import { dialectOf, parserFor, type Dialect } from '../util/parser.js';
import { expandMacro, fileScopeInvocations, macrosDefinedIn, mayDefineFunction, parseMacroOption, type FunctionMacro } from './macros.js';
import { blankNullability, blankRange, blankRegisterAsm, codeOnly, lineAt } from './source-text.js';

export interface BackendWarning {
  file: string;
  line: number | null;
  message: string;
}

/** A prototype of a backend symbol (from a header or a definition): the types stubs should use. */
export interface BackendPrototype {
  name: string;
  params: string[] | null;
  returns: string | null;
  file: string;
  line: number;
}

/** A backend symbol plus the arches its `#if`s compile it for (null: every arch). */
export interface BackendDefinition extends BackendSymbol {
  arches: string[] | null;
}

/** A stretch of a file the grammar could not parse, with the backend symbols written in it. */
export interface UnparsedRegion {
  file: string;
  line: number;
  endLine: number;
  /** Backend symbol names that appear (as calls or definitions) in the region: not counted. */
  symbols: string[];
}

export interface BackendReading {
  symbols: BackendDefinition[];
  prototypes: BackendPrototype[];
  warnings: BackendWarning[];
  /** Every region that did not parse; each file with some also has a warning naming them. */
  unparsed: UnparsedRegion[];
  /** The backend's own type aliases (`typedef`, `using`), for resolving declared types. */
  typedefs: TypedefRecord[];
  /** Number of source files read. */
  files: number;
}

interface ReadFile {
  file: string;
  /** Arches the file is compiled for (its directory); null: every arch. */
  arches: string[] | null;
  records: FileRecords;
}

const MAX_MACRO_DEPTH = 4;

export interface ReadBackendOptions {
  /** Extra exact names to treat as backend symbols (e.g. the needed set of a musl version). */
  alsoNames?: Iterable<string>;
  /** Base directory for reported file names (default: the current directory). */
  relativeTo?: string;
  /** Files not to read although they lie under the paths. */
  exclude?: string[];
}

export async function readBackend(paths: BackendPath[], config: BackendConfig, options: ReadBackendOptions = {}): Promise<BackendReading> {
  const base = options.relativeTo ?? process.cwd();
  const files = await backendSourceFiles(paths, base, options.exclude);
  const texts = await Promise.all(files.map(async ({ file, arches }) => ({ file, arches, text: await readSourceTextAsync(file, 'utf8', displayPath(file, base)) })));
  const macros = definitionMacros(texts.map((t) => t.text), config.macros);
  const extra = new Set(options.alsoNames ?? []);
  const isBackend = (name: string) => isBackendSymbolName(name, config) || extra.has(name);
  const warnings: BackendWarning[] = [];
  const unparsed: UnparsedRegion[] = [];
  const read: ReadFile[] = [];
  for (const { file, arches, text } of texts) {
    const shown = displayPath(file, base);
    const records = await readOneFile(text, dialectOf(file), macros, config.stubMarkers);
    if (records.errorLines.length > 0) {
      const regions = unparsedRegions(shown, text, records, isBackend);
      for (const r of regions) unparsed.push(r);
      warnings.push(unparsedWarning(shown, records.errorLines, regions));
    }
    read.push({ file: shown, arches, records });
  }
  const symbols = backendSymbols(read, isBackend);
  warnings.push(...linkageWarnings(read, isBackend));
  const typedefs = read.flatMap((r) => r.records.typedefs);
  return { symbols, prototypes: prototypes(read, isBackend), warnings, unparsed, typedefs, files: files.length };
}

/** The file's error regions, merged where they touch, each with the backend names written there. */
function unparsedRegions(file: string, text: string, records: FileRecords, isBackend: (name: string) => boolean): UnparsedRegion[] {
  const lines = codeOnly(text).split('\n');
  const merged: { line: number; endLine: number }[] = [];
  for (const r of [...records.errorRegions].sort((a, b) => a.line - b.line)) {
    const last = merged.at(-1);
    if (last && r.line <= last.endLine + 1) last.endLine = Math.max(last.endLine, r.endLine);
    else merged.push({ ...r });
  }
  const defined = new Set(records.functions.map((f) => f.name));
  return merged.map(({ line, endLine }) => {
    const region = lines.slice(line - 1, endLine).join('\n');
    const names = [...region.matchAll(/\b([A-Za-z_]\w*)\s*\(/g)].map((m) => m[1]).filter((n) => isBackend(n) && !defined.has(n));
    return { file, line, endLine, symbols: [...new Set(names)].sort(compareText) };
  });
}

function unparsedWarning(file: string, errorLines: number[], regions: UnparsedRegion[]): BackendWarning {
  const lines = errorLines.slice(0, 5).join(', ') + (errorLines.length > 5 ? ', …' : '');
  const hidden = [...new Set(regions.flatMap((r) => r.symbols))];
  const what = hidden.length > 0 ? `${hidden.join(', ')} there ${hidden.length === 1 ? 'is' : 'are'} not counted (reported missing)` : 'definitions there are not counted';
  return { file, line: errorLines[0], message: `could not parse line(s) ${lines}; ${what}` };
}

/** Macros from the configuration plus function-like `#define`s in the backend that expand to a definition. */
function definitionMacros(texts: string[], configured: string[]): Map<string, FunctionMacro> {
  const macros = new Map<string, FunctionMacro>();
  for (const text of texts) {
    for (const macro of macrosDefinedIn(text)) if (mayDefineFunction(macro)) macros.set(macro.name, macro);
  }
  for (const spec of configured) {
    const macro = parseMacroOption(spec);
    macros.set(macro.name, macro);
  }
  return macros;
}

async function readOneFile(text: string, dialect: Dialect, macros: Map<string, FunctionMacro>, stubMarkers: string[]): Promise<FileRecords> {
  // Macro invocations are blanked before parsing (they confuse the grammar) and parsed expanded.
  const invocations = fileScopeInvocations(text, macros);
  let code = blankNullability(blankRegisterAsm(text));
  for (const inv of invocations) code = blankRange(code, inv.start, inv.end);
  const records = await parseBest(code, dialect, stubMarkers, undefined);
  for (const inv of invocations) {
    const line = lineAt(text, inv.start);
    const expanded = await readExpansion(expandMacro(inv.macro, inv.args), dialect, macros, stubMarkers, line, 1);
    merge(records, expanded);
  }
  return records;
}

async function readExpansion(
  text: string,
  dialect: Dialect,
  macros: Map<string, FunctionMacro>,
  stubMarkers: string[],
  line: number,
  depth: number,
): Promise<FileRecords> {
  const invocations = depth < MAX_MACRO_DEPTH ? fileScopeInvocations(text, macros) : [];
  let code = text;
  for (const inv of invocations) code = blankRange(code, inv.start, inv.end);
  const records = await parseBest(code, dialect, stubMarkers, line);
  for (const inv of invocations) {
    merge(records, await readExpansion(expandMacro(inv.macro, inv.args), dialect, macros, stubMarkers, line, depth + 1));
  }
  return records;
}

/** Parses with the file's dialect; on errors also tries the other one and keeps the cleaner result. */
async function parseBest(code: string, dialect: Dialect, stubMarkers: string[], fixedLine: number | undefined): Promise<FileRecords> {
  const first = await parseWith(code, dialect, stubMarkers, fixedLine);
  if (first.errorLines.length === 0) return first;
  const second = await parseWith(code, dialect === 'c' ? 'cpp' : 'c', stubMarkers, fixedLine);
  return second.errorLines.length < first.errorLines.length ? second : first;
}

async function parseWith(code: string, dialect: Dialect, stubMarkers: string[], fixedLine: number | undefined): Promise<FileRecords> {
  const parser = await parserFor(dialect);
  const tree = parser.parse(code);
  try {
    if (!tree) return { functions: [], declarations: [], pragmaWeak: [], typedefs: [], errorLines: [fixedLine ?? 1], errorRegions: [{ line: fixedLine ?? 1, endLine: fixedLine ?? 1 }] };
    return extractRecords(tree, { isCFile: dialect === 'c', stubMarkers, fixedLine });
  } finally {
    tree?.delete();
    parser.delete();
  }
}

function merge(into: FileRecords, from: FileRecords): void {
  // Loops, not push(...x): a large file's lists would overflow the stack as spread arguments.
  for (const x of from.functions) into.functions.push(x);
  for (const x of from.declarations) into.declarations.push(x);
  for (const x of from.pragmaWeak) into.pragmaWeak.push(x);
  for (const x of from.typedefs) into.typedefs.push(x);
  for (const x of from.errorLines) into.errorLines.push(x);
  for (const x of from.errorRegions) into.errorRegions.push(x);
}

type Status = BackendSymbol['status'];

function backendSymbols(read: ReadFile[], isBackend: (name: string) => boolean): BackendDefinition[] {
  const resolve = statusResolver(read);
  const symbols: BackendDefinition[] = [];
  for (const { file, arches, records } of read) {
    const within = (own: string[] | null) => (arches === null ? own : own === null ? arches : own.filter((a) => arches.includes(a)));
    const weakNames = new Set([...records.pragmaWeak, ...records.declarations.filter((d) => d.weak).map((d) => d.name)]);
    for (const fn of records.functions) {
      if (!isBackend(fn.name)) continue;
      symbols.push({
        name: fn.name,
        status: resolve(fn, file),
        file,
        line: fn.line,
        params: fn.params,
        returns: fn.returns,
        weak: fn.weak || weakNames.has(fn.name),
        arches: within(fn.arches),
      });
    }
    for (const decl of records.declarations) {
      if (!decl.aliasOf || !isBackend(decl.name)) continue;
      const target = resolve.byName(decl.aliasOf, file);
      symbols.push({
        name: decl.name,
        status: target ? resolve(target.fn, target.file) : 'implemented',
        file,
        line: decl.line,
        params: decl.params,
        returns: decl.returns,
        weak: decl.weak || weakNames.has(decl.name),
        arches: within(decl.arches),
      });
    }
  }
  return symbols.sort((a, b) => compareText(a.name, b.name) || compareText(a.file, b.file) || a.line - b.line);
}

interface Located {
  fn: FunctionRecord;
  file: string;
}

/** Resolves forwarding bodies through the functions they call (same file first), cycles count as implemented. */
function statusResolver(read: ReadFile[]) {
  const byFile = new Map<string, Map<string, FunctionRecord>>();
  const global = new Map<string, Located>();
  for (const { file, records } of read) {
    const local = new Map<string, FunctionRecord>();
    for (const fn of records.functions) {
      local.set(fn.name, fn);
      if (!fn.isStatic || !global.has(fn.name)) global.set(fn.name, { fn, file });
    }
    byFile.set(file, local);
  }
  const byName = (name: string, file: string): Located | null => {
    const local = byFile.get(file)?.get(name);
    return local ? { fn: local, file } : global.get(name) ?? null;
  };
  const resolve = (fn: FunctionRecord, file: string, visiting = new Set<FunctionRecord>()): Status => {
    if (fn.shape.kind === 'stub') return 'stub';
    if (fn.shape.kind === 'other' || visiting.has(fn)) return 'implemented';
    visiting.add(fn);
    for (const target of fn.shape.targets) {
      const found = byName(target, file);
      if (found && found.fn !== fn && resolve(found.fn, found.file, visiting) === 'stub') return 'stub';
    }
    return 'implemented';
  };
  return Object.assign((fn: FunctionRecord, file: string) => resolve(fn, file), { byName });
}

/** A C++ definition without `extern "C"` gets a mangled name and never satisfies the libc reference. */
function linkageWarnings(read: ReadFile[], isBackend: (name: string) => boolean): BackendWarning[] {
  const declaredC = new Set<string>();
  for (const { records } of read) {
    for (const d of records.declarations) if (d.cLinkage) declaredC.add(d.name);
  }
  const warnings: BackendWarning[] = [];
  for (const { file, records } of read) {
    for (const fn of records.functions) {
      if (isBackend(fn.name) && !fn.cLinkage && !declaredC.has(fn.name)) {
        warnings.push({ file, line: fn.line, message: `${fn.name} is defined without extern "C"; its C++ name is mangled and libc cannot link to it` });
      }
    }
  }
  return warnings;
}

function prototypes(read: ReadFile[], isBackend: (name: string) => boolean): BackendPrototype[] {
  const found: BackendPrototype[] = [];
  const add = (d: DeclarationRecord | FunctionRecord, file: string) => {
    if (isBackend(d.name) && d.params !== null) found.push({ name: d.name, params: d.params, returns: d.returns, file, line: d.line });
  };
  for (const { file, records } of read) {
    records.declarations.forEach((d) => add(d, file));
    records.functions.forEach((f) => add(f, file));
  }
  return found.sort((a, b) => compareText(a.name, b.name) || compareText(a.file, b.file) || a.line - b.line);
}
