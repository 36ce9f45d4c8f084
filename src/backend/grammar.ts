// Loads web-tree-sitter and the C / C++ grammars shipped as .wasm in their npm packages, once.
import { createRequire } from 'node:module';
import path from 'node:path';
import { Language, Parser } from 'web-tree-sitter';

export type Dialect = 'c' | 'cpp';

const requireFromHere = createRequire(import.meta.url);
let loading: Promise<Record<Dialect, Language>> | null = null;

function wasmPath(pkg: string, file: string): string {
  return path.join(path.dirname(requireFromHere.resolve(`${pkg}/package.json`)), file);
}

async function loadLanguages(): Promise<Record<Dialect, Language>> {
  await Parser.init();
  const [c, cpp] = await Promise.all([
    Language.load(wasmPath('tree-sitter-c', 'tree-sitter-c.wasm')),
    Language.load(wasmPath('tree-sitter-cpp', 'tree-sitter-cpp.wasm')),
  ]);
  return { c, cpp };
}

/** A parser for `dialect`; the runtime and grammars load on first use. */
export async function parserFor(dialect: Dialect): Promise<Parser> {
  loading ??= loadLanguages();
  const languages = await loading;
  const parser = new Parser();
  parser.setLanguage(languages[dialect]);
  return parser;
}

/** The dialect to try first for a file; the reader falls back to the other one on parse errors. */
export function dialectOf(file: string): Dialect {
  return /\.(c|h)$/i.test(file) ? 'c' : 'cpp';
}
