// A tiny musl-shaped source tree and release tarball for unit tests of the sync machinery,
// plus patches made with diff(1) against it — real files, real patch(1) runs, no musl download.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TINY_FILES: Record<string, string> = {
  VERSION: '9.9.9\n',
  'src/internal/syscall.h': '#define __syscall(n, a) __syscall1(n, (long)(a))\n',
  'arch/x86_64/syscall_arch.h': 'static inline long __syscall1(long n, long a1)\n{\n\tunsigned long ret;\n\t__asm__ __volatile__ ("syscall" : "=a"(ret) : "a"(n), "D"(a1) : "rcx", "r11", "memory");\n\treturn ret;\n}\n',
  'src/stdio/__stdio_write.c': 'size_t __stdio_write(FILE *f)\n{\n\tint iovcnt = 2;\n\tssize_t cnt;\n\tfor (;;) {\n\t}\n}\n',
};

export function writeTree(root: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
}

/** `musl-9.9.9.tar.gz` holding `musl-9.9.9/` with TINY_FILES. */
export function tinyTarball(): { dir: string; tarball: string } {
  const dir = mkdtempSync(join(tmpdir(), 'musl-patch-tiny-'));
  writeTree(join(dir, 'musl-9.9.9'), TINY_FILES);
  const tarball = join(dir, 'musl-9.9.9.tar.gz');
  execFileSync('tar', ['-czf', tarball, '-C', dir, 'musl-9.9.9']);
  return { dir, tarball };
}

/** A -p1 patch turning `files` (paths relative to the tree) into `changed`, made by diff -ruN. */
export function makePatch(base: Record<string, string>, changed: Record<string, string>, out: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'musl-patch-diff-'));
  writeTree(join(dir, 'a'), base);
  cpSync(join(dir, 'a'), join(dir, 'b'), { recursive: true });
  writeTree(join(dir, 'b'), changed);
  try {
    execFileSync('diff', ['-ruN', 'a', 'b'], { cwd: dir });
  } catch (err) {
    // diff exits 1 when files differ: that is the patch.
    writeFileSync(out, (err as { stdout: Buffer }).stdout);
    return out;
  }
  throw new Error('makePatch: no difference');
}
