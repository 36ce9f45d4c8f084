// Loads web-tree-sitter and the C / C++ grammars (.wasm, shipped in grammars/), once.
import { Language, Parser } from 'web-tree-sitter';
import { grammarFile } from '../util/grammars.js';

export type Dialect = 'c' | 'cpp';

let loading: Promise<Record<Dialect, Language>> | null = null;

async function loadLanguages(): Promise<Record<Dialect, Language>> {
  await Parser.init();
  const [c, cpp] = await Promise.all([
    Language.load(grammarFile('c')),
    Language.load(grammarFile('cpp')),
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
