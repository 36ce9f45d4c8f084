// Copies the tree-sitter grammars musl-patch loads (.wasm, with their licences) from the grammar
// packages (devDependencies) into grammars/, which the package ships: those packages also carry
// native sources and prebuilds (~55 MB) that are never loaded.
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const out = fileURLToPath(new URL('../grammars/', import.meta.url));
rmSync(out, { recursive: true, force: true });
mkdirSync(out);
for (const name of ['tree-sitter-c', 'tree-sitter-cpp']) {
  const dir = path.dirname(require.resolve(`${name}/package.json`));
  const { version } = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  copyFileSync(path.join(dir, `${name}.wasm`), path.join(out, `${name}.wasm`));
  copyFileSync(path.join(dir, 'LICENSE'), path.join(out, `${name}-${version}.LICENSE`));
}
