import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { seriesMismatches } from '../../../src/rewrite/committed.js';
import { buildSeries, fileDiff, writeSeries } from '../../../src/rewrite/series.js';

describe('fileDiff', () => {
  it('writes patch -p1 headers without timestamps', () => {
    expect(fileDiff('src/x.c', 'a\nb\nc\n', 'a\nB\nc\n')).toBe('--- a/src/x.c\n+++ b/src/x.c\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n');
  });
  it('uses /dev/null for added and deleted files', () => {
    expect(fileDiff('n.h', null, 'x\n')).toBe('--- /dev/null\n+++ b/n.h\n@@ -0,0 +1,1 @@\n+x\n');
    expect(fileDiff('o.s', 'y\n', null)).toBe('--- a/o.s\n+++ /dev/null\n@@ -1,1 +0,0 @@\n-y\n');
  });
});

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'mp-series-'));
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    writeFileSync(path.join(root, f), text);
  }
  return root;
}

describe('buildSeries', () => {
  const pristine = tree({
    'src/internal/syscall.h': 'old macros\n',
    'src/thread/pthread_cancel.c': 'nr==SYS_close\n',
    'src/unistd/setxid.c': '__syscall(c->nr)\n',
    'arch/x86_64/syscall_arch.h': 'trap\n',
    'src/thread/x86_64/clone.s': 'syscall\n',
    'arch/aarch64/syscall_arch.h': 'svc\n',
  });
  const patched = tree({
    'src/internal/syscall.h': '#include "syscall_backend.h"\n',
    'src/internal/syscall_backend.h': 'layer\n',
    'src/thread/pthread_cancel.c': 'nr==fn\n',
    'src/unistd/setxid.c': 'syscall_n(c->nr)\n',
    'arch/x86_64/syscall_arch.h': 'no trap\n',
    'arch/x86_64/syscall_backend_arch.h': 'arity\n',
    'arch/aarch64/syscall_arch.h': 'no svc\n',
  });
  const changes = [
    { path: 'src/internal/syscall.h', change: 'modified' as const, why: '' },
    { path: 'src/internal/syscall_backend.h', change: 'added' as const, why: '' },
    { path: 'src/thread/pthread_cancel.c', change: 'modified' as const, why: '' },
    { path: 'src/unistd/setxid.c', change: 'modified' as const, why: '' },
    { path: 'arch/x86_64/syscall_arch.h', change: 'modified' as const, why: '' },
    { path: 'arch/x86_64/syscall_backend_arch.h', change: 'added' as const, why: '' },
    { path: 'src/thread/x86_64/clone.s', change: 'deleted' as const, why: '' },
    { path: 'arch/aarch64/syscall_arch.h', change: 'modified' as const, why: '' },
  ];

  it('numbers generic patches first, then one patch per arch touching only that arch', async () => {
    const patches = await buildSeries(pristine, { root: patched, changes, arches: ['x86_64', 'i386', 'aarch64'] });
    expect(patches.map((p) => [p.name, p.files])).toEqual([
      ['0001-syscall-macro-layer.patch', ['src/internal/syscall.h', 'src/internal/syscall_backend.h']],
      ['0002-cancellation-backend-function.patch', ['src/thread/pthread_cancel.c']],
      ['0003-runtime-number-syscall_n.patch', ['src/unistd/setxid.c']],
      ['0004-x86_64.patch', ['arch/x86_64/syscall_arch.h', 'arch/x86_64/syscall_backend_arch.h', 'src/thread/x86_64/clone.s']],
      ['0005-aarch64.patch', ['arch/aarch64/syscall_arch.h']],
    ]);
    expect(patches[3].text).toContain('--- a/src/thread/x86_64/clone.s\n+++ /dev/null\n');
  });

  it('writes the same bytes twice, with a series file and a README', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'mp-series-out-'));
    const one = path.join(out, 'one');
    const two = path.join(out, 'two');
    await writeSeries(one, '9.9.9', await buildSeries(pristine, { root: patched, changes, arches: ['x86_64', 'aarch64'] }));
    await writeSeries(two, '9.9.9', await buildSeries(pristine, { root: patched, changes: [...changes].reverse(), arches: ['x86_64', 'aarch64'] }));
    const series = readFileSync(path.join(one, 'series'), 'utf8');
    expect(series).toBe('0001-syscall-macro-layer.patch\n0002-cancellation-backend-function.patch\n0003-runtime-number-syscall_n.patch\n0004-x86_64.patch\n0005-aarch64.patch\n');
    for (const f of [...series.trim().split('\n'), 'series', 'README.md']) {
      expect(readFileSync(path.join(two, f), 'utf8'), f).toBe(readFileSync(path.join(one, f), 'utf8'));
    }
    expect(readFileSync(path.join(one, 'README.md'), 'utf8')).toContain('## 0004-x86_64.patch');
  });

  it('reproduces the patched tree when applied with patch -p1, and names the files where it does not', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'mp-series-apply-')), 'series');
    await writeSeries(out, '9.9.9', await buildSeries(pristine, { root: patched, changes, arches: ['x86_64', 'aarch64'] }));
    expect(seriesMismatches(pristine, out, patched)).toEqual([]);
    const other = tree({ ...Object.fromEntries(changes.filter((c) => c.change !== 'deleted').map((c) => [c.path, readFileSync(path.join(patched, c.path), 'utf8')])), 'src/thread/pthread_cancel.c': 'nr==other\n', 'extra.h': 'x\n' });
    expect(seriesMismatches(pristine, out, other)).toEqual(['extra.h', 'src/thread/pthread_cancel.c']);
  });
});
