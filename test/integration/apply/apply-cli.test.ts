import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, muslTree } from '../musl-trees.js';

// Trap instructions per arch, written here independently of the rewrite's own patterns.
const TRAPS: Record<string, RegExp> = {
  x86_64: /^\s*(syscall|sysenter)\b/m,
  i386: /^\s*(int\s+\$(0x80|128)|call\s+\*%gs:(16|0x10)|sysenter)\b/m,
  aarch64: /^\s*svc\b/m,
  riscv64: /^\s*ecall\b/m,
};

let work: string;
const run = (args: string[], cwd = work) => spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', maxBuffer: 32 << 20 });
const listing = (dir: string) => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).sort();

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'apply-cli-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('musl-patch apply 1.2.5 (the main job)', () => {
  let first: ReturnType<typeof run>;
  beforeAll(() => {
    first = run(['apply', '1.2.5', '--out', 'musl-includeos', '--coverage', join(process.cwd(), 'fixtures/backend-includeos')]);
  });

  it('says where the tree went and prints sites per class and arch, then the coverage totals', () => {
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain(`patched musl 1.2.5: ${join(work, 'musl-includeos')}`);
    expect(first.stdout).toMatch(/from shipped series musl-patches\/1\.2\.5 \(7 patches\)/);
    expect(first.stdout).toMatch(/^ +arch +constant +socketcall +wrapper +dynamic +trap +backend symbols$/m);
    for (const arch of ['x86_64', 'i386', 'aarch64', 'riscv64']) expect(first.stdout).toMatch(new RegExp(`^ +${arch} +\\d+ +22 +\\d+ +\\d+ +\\d+ +\\d+$`, 'm'));
    expect(first.stdout).toMatch(/^arch +needed +implemented +stub +missing +arity +abi +unneeded$/m);
  });

  it('leaves no trap in any .s/.S file or syscall_arch.h of the four arches', () => {
    const tree = join(work, 'musl-includeos');
    for (const arch of Object.keys(TRAPS)) {
      const asm = listing(join(tree, 'src')).filter((f) => f.split('/').includes(arch) && /\.[sS]$/.test(f));
      expect(asm.length, arch).toBeGreaterThan(3);
      for (const f of asm) {
        const text = readFileSync(join(tree, 'src', f), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/#.*$/gm, '');
        expect(TRAPS[arch].test(text), `${arch} src/${f}`).toBe(false);
      }
      const header = readFileSync(join(tree, 'arch', arch, 'syscall_arch.h'), 'utf8');
      expect(/__asm__[^;]*"(syscall|svc 0|int \$128|ecall)/.test(header), `${arch} syscall_arch.h`).toBe(false);
    }
  });

  it('applying twice gives byte-identical output', () => {
    const again = run(['apply', '1.2.5', '--out', 'again']);
    expect(again.status).toBe(0);
    const a = join(work, 'musl-includeos');
    const b = join(work, 'again');
    expect(listing(b)).toEqual(listing(a));
    for (const f of listing(a)) expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f))), f).toBe(true);
  });

  it('replaces its own unedited output, refuses an edited one', () => {
    expect(run(['apply', '1.2.5', '--out', 'again']).status).toBe(0);
    writeFileSync(join(work, 'again', 'README'), 'edited\n');
    const r = run(['apply', '1.2.5', '--out', 'again']);
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim()).toMatch(/^musl-patch: .*again has local edits since musl-patch wrote it \(1 file\(s\): README\)/);
    expect(readFileSync(join(work, 'again', 'README'), 'utf8')).toBe('edited\n');
  });

  it('refuses an already patched tree and a tree with local edits, writing nothing', async () => {
    const patched = run(['apply', join(work, 'musl-includeos'), '--out', 'twice']);
    expect(patched.status).not.toBe(0);
    expect(patched.stderr.trim()).toMatch(/is already patched by musl-patch/);
    const edited = join(work, 'edited');
    cpSync((await muslTree('1.2.5')).root, edited, { recursive: true });
    writeFileSync(join(edited, 'src/unistd/close.c'), readFileSync(join(edited, 'src/unistd/close.c'), 'utf8') + '/* local */\n');
    const r = run(['apply', edited, '--out', 'from-edited']);
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim()).toMatch(/differs from the pristine musl 1\.2\.5 in 1 file\(s\): src\/unistd\/close\.c .*--allow-local-edits/);
    expect(existsSync(join(work, 'twice'))).toBe(false);
    expect(existsSync(join(work, 'from-edited'))).toBe(false);
  });

  it("applies a kernel's extra patches after ours and reports a conflicting hunk without writing", () => {
    const good = join(work, 'extra-good');
    mkdirSync(good);
    const crash = readFileSync(join(work, 'musl-includeos', 'src/internal/syscall_backend.h'), 'utf8').split('\n')[0];
    writeFileSync(
      join(good, '0001-note.patch'),
      ['--- a/src/internal/syscall_backend.h', '+++ b/src/internal/syscall_backend.h', '@@ -1,1 +1,2 @@', ` ${crash}`, '+/* kernel note */', ''].join('\n'),
    );
    const ok = run(['apply', '1.2.5', '--out', 'with-extra', '--extra-patches', good]);
    expect(ok.stderr).toBe('');
    expect(readFileSync(join(work, 'with-extra', 'src/internal/syscall_backend.h'), 'utf8').split('\n')[1]).toBe('/* kernel note */');
    const bad = join(work, 'extra-bad');
    mkdirSync(bad);
    writeFileSync(join(bad, '0001-bad.patch'), ['--- a/src/unistd/close.c', '+++ b/src/unistd/close.c', '@@ -1,1 +1,1 @@', '-this line is not there', '+replacement', ''].join('\n'));
    const r = run(['apply', '1.2.5', '--out', 'with-bad', '--extra-patches', bad]);
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim()).toMatch(/extra patches conflict: 0001-bad\.patch: src\/unistd\/close\.c hunk #1 fails/);
    expect(existsSync(join(work, 'with-bad'))).toBe(false);
  });
});
