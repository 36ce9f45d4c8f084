// Where the tree-sitter grammars live: `grammars/` at the package root, copied there at build time
// from the grammar packages (devDependencies) by scripts/grammars.mjs, so an install carries the two
// .wasm files it loads and not the grammars' native sources (~55 MB).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type Grammar = 'c' | 'cpp';

export function grammarFile(grammar: Grammar): string {
  const file = fileURLToPath(new URL(`../../grammars/tree-sitter-${grammar}.wasm`, import.meta.url));
  if (!existsSync(file)) throw new Error(`tree-sitter grammar ${file} is missing: run \`npm run build\` in the musl-patch checkout`);
  return file;
}
