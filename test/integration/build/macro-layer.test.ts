// The generated macro layer, preprocessed and compiled by the host gcc: what musl's call sites
// turn into. Expected texts are written by hand from the C preprocessor's rules.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../../src/util/exec.js';
import { renderArchHeader, renderGenericHeader } from '../../../src/rewrite/backend-header.js';

const dir = mkdtempSync(path.join(tmpdir(), 'mp-macro-layer-'));
writeFileSync(path.join(dir, 'syscall_backend.h'), renderGenericHeader());
writeFileSync(
  path.join(dir, 'syscall_backend_arch.h'),
  renderArchHeader('test', 'x86_64', [
    { key: 'syscall_SYS_read', arity: 3 },
    { key: 'syscall_SYS_fstatat', arity: 4 },
    { key: 'syscall_SYS_exit', arity: 1 },
    { key: 'syscall_SYS_getpid', arity: 0 },
    { key: 'syscall_SYS_kill', arity: 2 },
    { key: 'syscall_SYS_fallocate', arity: 6 },
    { key: 'socketcall_connect', arity: 6 },
  ]),
);
// What src/internal/syscall.h provides before including the layer.
const PRELUDE = `#define hidden __attribute__((__visibility__("hidden")))
#define __scc(X) ((long) (X))
typedef long syscall_arg_t;
long __syscall_ret(unsigned long);
#define SYS_newfstatat 262
#define SYS_fstatat SYS_newfstatat
#define SYS_read 0
#define __SYSCALL_LL_E(x) (long)(x), (long)((x) >> 32)
#include "syscall_backend.h"
`;

async function preprocess(body: string): Promise<string> {
  const file = path.join(dir, `t${Math.random().toString(36).slice(2)}.c`);
  writeFileSync(file, PRELUDE + body);
  const { stdout } = await runCommand('gcc', ['-std=c99', '-E', '-P', `-I${dir}`, file]);
  // Empty expansions (the arity guard) leave spaces behind; only token spelling matters.
  const line = stdout.split('\n').find((l) => l.includes('@'))!;
  return line.replace(/^.*@\s*/, '').replace(/\s+/g, ' ').replace(/ \)/g, ')').trim();
}

async function compile(body: string) {
  const file = path.join(dir, `c${Math.random().toString(36).slice(2)}.c`);
  writeFileSync(file, PRELUDE + body);
  return runCommand('gcc', ['-std=c99', '-Werror=implicit-function-declaration', '-Werror=int-conversion', '-fsyntax-only', `-I${dir}`, file], {
    allowFailure: true,
  });
}

describe('the backend macro layer', () => {
  it('keeps the SYS_ token as written, even when it is an alias macro', async () => {
    expect(await preprocess('@ __syscall(SYS_fstatat, fd, p, st, 0)')).toBe(
      'syscall_SYS_fstatat(((long) (fd)), ((long) (p)), ((long) (st)), ((long) (0)))',
    );
  });

  it('pads a shorter call with zeros to the arity', async () => {
    expect(await preprocess('@ __syscall(SYS_exit)')).toBe('syscall_SYS_exit(((long) (0)))');
    expect(await preprocess('@ __syscall(SYS_getpid)')).toBe('syscall_SYS_getpid()');
  });

  it('applies __syscall_ret exactly once for syscall() and socketcall()', async () => {
    expect(await preprocess('@ syscall(SYS_kill, 1, 9)')).toBe('__syscall_ret(syscall_SYS_kill(((long) (1)), ((long) (9))))');
    expect(await preprocess('@ socketcall(connect, fd, a, l, 0, 0, 0)')).toBe(
      '__syscall_ret(socketcall_connect(((long) (fd)), ((long) (a)), ((long) (l)), ((long) (0)), ((long) (0)), ((long) (0))))',
    );
  });

  it('hands a cancellable call to __syscall_cp with the backend function and six arguments', async () => {
    expect(await preprocess('@ __syscall_cp(SYS_read, fd, buf, n)')).toBe(
      '(__syscall_cp)((__backend_fn)(syscall_SYS_read), ((long) (fd)), ((long) (buf)), ((long) (n)), 0, 0, 0)',
    );
  });

  it('counts arguments after per-arch macros expanded (64-bit values split in two)', async () => {
    expect(await preprocess('@ __syscall(SYS_fallocate, fd, m, __SYSCALL_LL_E(o), __SYSCALL_LL_E(l))')).toBe(
      'syscall_SYS_fallocate(((long) (fd)), ((long) (m)), ((long) ((long)(o))), ((long) ((long)((o) >> 32))), ((long) ((long)(l))), ((long) ((long)((l) >> 32))))',
    );
  });

  it('expands nested calls', async () => {
    const r = await compile('long f(void) { return __syscall(SYS_kill, __syscall(SYS_getpid), 9); }');
    expect(r.code, r.stderr).toBe(0);
  });

  it('compiles pointer arguments without int-conversion errors', async () => {
    const r = await compile('long f(char *b) { return __syscall(SYS_read, 0, b, 4) + __syscall3(SYS_read, 1, b, 4); }');
    expect(r.code, r.stderr).toBe(0);
  });

  it('rejects more arguments than the arity, and a site the arity header does not know', async () => {
    const extra = await compile('long f(void) { return __syscall(SYS_exit, 1, 2); }');
    expect(extra.code).not.toBe(0);
    expect(extra.stderr).toContain('__bk_too_many_arguments');
    const unknown = await compile('long f(void) { return __syscall(SYS_open, "x", 0); }');
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('__bk_syscall_SYS_open');
  });
});
