// Loads web-tree-sitter and the C / C++ grammars (.wasm, shipped in grammars/), once per process.
// The runtime itself is imported only when a parser is first asked for, so modules that merely
// may parse (a cached scan, the CLI's option parsing) do not pay for loading it.

import v8 from 'node:v8';
import type { Language, Parser } from 'web-tree-sitter';
import { grammarFile } from './grammars.js';

export type Dialect = 'c' | 'cpp';

let runtime: Promise<typeof Parser> | undefined;
const languages = new Map<Dialect, Promise<Language>>();
let shared: Promise<Parser> | undefined;

function loadRuntime(): Promise<typeof Parser> {
  runtime ??= (async () => {
    // V8 compiles tree-sitter's wasm lazily and re-optimises hot functions while we parse; for one
    // pass over a few hundred files the baseline compiler alone is ~3x faster end to end.
    // It only affects WebAssembly compiled from now on, and nothing else in the CLI uses wasm.
    if (process.env.MUSL_PATCH_WASM_TIERING !== '1') v8.setFlagsFromString('--liftoff-only');
    const { Parser } = await import('web-tree-sitter');
    await Parser.init();
    return Parser;
  })();
  return runtime;
}

/** A grammar; each loads on first use. */
function loadLanguage(dialect: Dialect): Promise<Language> {
  let language = languages.get(dialect);
  if (!language) {
    language = loadRuntime().then(async () => {
      const { Language } = await import('web-tree-sitter');
      return Language.load(grammarFile(dialect));
    });
    languages.set(dialect, language);
  }
  return language;
}

/** A new parser for `dialect` (the caller deletes it); the runtime and grammars load on first use. */
export async function parserFor(dialect: Dialect): Promise<Parser> {
  const [Parser, language] = await Promise.all([loadRuntime(), loadLanguage(dialect)]);
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}

/** One C parser shared by the whole process (musl's sources are parsed one at a time). */
export function cParser(): Promise<Parser> {
  shared ??= parserFor('c');
  return shared;
}

/** The dialect to try first for a file; the backend reader falls back to the other one on parse errors. */
export function dialectOf(file: string): Dialect {
  return /\.(c|h)$/i.test(file) ? 'c' : 'cpp';
}
