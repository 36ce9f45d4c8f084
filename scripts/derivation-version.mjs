// Prints the musl version a kernel's musl derivation builds (deps/musl/default.nix), read by
// musl-patch's own Nix reader: the action's default musl version. Run after `npm run build`.
import { readIncludeosDerivation } from '../dist/nix/includeos.js';

const file = process.argv[2] ?? 'deps/musl/default.nix';
try {
  console.log(readIncludeosDerivation(file).version);
} catch (err) {
  console.error(typeof err.line === 'function' ? err.line() : `musl-patch: cannot read ${file}: ${err.message.split('\n')[0]} (set the action's musl-version input)`);
  process.exit(2);
}
