// The committed patch series: each applies to its pristine release with `patch -p1` and turns every
// assembly trap of the supported arches into something else. That each series is byte for byte
// what the rewrite writes today, and applied gives exactly the rewritten tree, is
// `npm run check:generated` (`musl-patch apply <version> --check`, all three versions).
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../../src/util/exec.js';
import { SUPPORTED_VERSIONS } from '../../../src/source/manifest.js';
import { resolveMuslTree } from '../../../src/source/index.js';

const SERIES_ROOT = path.resolve('musl-patches');
// Written here, independently of the rewrite's own patterns.
const TRAPS: Record<string, RegExp> = {
  x86_64: /^\s*(\w+:)?\s*(syscall|sysenter)\s*$/m,
  i386: /^\s*(\w+:)?\s*(int\s+\$(128|0x80)|call\s+\*%gs:16)\s*$/m,
  aarch64: /^\s*(\w+:)?\s*svc\s+#?0\s*$/m,
  riscv64: /^\s*(\w+:)?\s*ecall\s*(#.*)?$/m,
};

async function applySeries(pristine: string, seriesDir: string): Promise<string> {
  const work = path.join(mkdtempSync(path.join(tmpdir(), 'mp-series-apply-')), 'musl');
  cpSync(pristine, work, { recursive: true });
  for (const name of readFileSync(path.join(seriesDir, 'series'), 'utf8').trim().split('\n')) {
    await runCommand('patch', ['-p1', '-s', '--no-backup-if-mismatch', '-i', path.join(seriesDir, name)], { cwd: work });
  }
  return work;
}

function files(root: string): string[] {
  return (readdirSync(root, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
    .sort();
}

describe.each(SUPPORTED_VERSIONS)('musl-patches/%s', (version) => {
  it('applies with patch -p1 and leaves no assembly trap on x86_64, i386, aarch64, riscv64', async () => {
    const tree = await resolveMuslTree(version);
    const patched = await applySeries(tree.root, path.join(SERIES_ROOT, version));
    expect(readFileSync(path.join(patched, 'src/internal/syscall.h'), 'utf8')).toContain('#include "syscall_backend.h"');
    for (const arch of Object.keys(TRAPS)) {
      expect(existsSync(path.join(patched, 'arch', arch, 'syscall_backend_arch.h'))).toBe(true);
      const asm = files(path.join(patched, 'src')).filter((f) => f.split('/').includes(arch) && /\.(s|S)$/.test(f));
      const trapping = asm.filter((f) => TRAPS[arch].test(readFileSync(path.join(patched, 'src', f), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '')));
      expect(trapping, arch).toEqual([]);
      expect(readFileSync(path.join(patched, 'arch', arch, 'syscall_arch.h'), 'utf8')).not.toMatch(/__asm__|VDSO_USEFUL/);
    }
    expect(readFileSync(path.join(SERIES_ROOT, version, 'README.md'), 'utf8')).toContain(`# musl ${version}`);
  });
});
