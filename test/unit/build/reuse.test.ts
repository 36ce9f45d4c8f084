import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { changedFiles, reusableObjects } from '../../../src/build/reuse.js';

const root = mkdtempSync(path.join(tmpdir(), 'build-reuse-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function tree(name: string, files: Record<string, string>): string {
  const dir = path.join(root, name);
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), text);
  }
  return dir;
}

const common = {
  Makefile: 'all:\n',
  'include/string.h': '#include <features.h>\n',
  'include/features.h': '\n',
  'src/internal/pthread_impl.h': '#include "syscall.h"\n',
  'src/string/memcpy.c': '#include <string.h>\n',
  'src/thread/pthread_self.c': '#include "pthread_impl.h"\n',
  'src/unistd/close.c': '#include "syscall.h"\n',
  'src/signal/x86_64/restore.s': 'nop\n',
  'src/thread/x86_64/clone.s': 'syscall\n',
  'crt/crt1.c': '#include "crt_arch.h"\n',
  'arch/x86_64/crt_arch.h': '\n',
};
const pristine = tree('pristine', { ...common, 'src/internal/syscall.h': '#include "syscall_arch.h"\n', 'arch/x86_64/syscall_arch.h': 'trap\n' });
const patched = tree('patched', {
  ...common,
  'src/internal/syscall.h': '#include "syscall_backend.h"\n',
  'src/internal/syscall_backend.h': 'layer\n',
  'arch/x86_64/syscall_arch.h': 'no trap\n',
  'src/thread/x86_64/clone.s': 'call syscall_clone\n',
});
const objs = tree('obj', Object.fromEntries(
  ['src/string/memcpy.lo', 'src/thread/pthread_self.lo', 'src/unistd/close.lo', 'src/signal/x86_64/restore.lo', 'src/thread/x86_64/clone.lo', 'crt/crt1.o'].map((o) => [o, 'object']),
));

describe('objects a patched build takes from the plain one', () => {
  it('lists the files the series changed', () => {
    expect(changedFiles(pristine, patched)).toEqual(['arch/x86_64/syscall_arch.h', 'src/internal/syscall.h', 'src/internal/syscall_backend.h', 'src/thread/x86_64/clone.s']);
  });

  it('are those whose source and every header it includes are unchanged', () => {
    // pthread_self.c reaches syscall.h through pthread_impl.h; clone.s itself changed.
    expect(reusableObjects(objs, pristine, patched, 'x86_64')).toEqual(['crt/crt1.o', 'src/signal/x86_64/restore.lo', 'src/string/memcpy.lo']);
  });

  it('are none when the build system or a generated header\'s input changed', () => {
    const makefile = tree('makefile', { ...common, Makefile: 'all: other\n', 'src/internal/syscall.h': '#include "syscall_arch.h"\n', 'arch/x86_64/syscall_arch.h': 'trap\n' });
    expect(reusableObjects(objs, pristine, makefile, 'x86_64')).toEqual([]);
    const bits = tree('bits', { ...common, 'src/internal/syscall.h': '#include "syscall_arch.h"\n', 'arch/x86_64/syscall_arch.h': 'trap\n', 'arch/x86_64/bits/syscall.h.in': '#define __NR_read 0\n' });
    expect(reusableObjects(objs, pristine, bits, 'x86_64')).toEqual([]);
  });
});
