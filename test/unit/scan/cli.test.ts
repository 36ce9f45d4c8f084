import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { register } from '../../../src/cli/commands/scan.js';
import { UserError } from '../../../src/util/errors.js';
import { scanJsonSchema } from '../../../src/scan/schema.js';
import { cacheEntryText, type CacheEntry } from '../../../src/scan/scan.js';

const FIXTURE = fileURLToPath(new URL('../../../fixtures/musl-mini', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'scan-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let out = '';
beforeEach(() => {
  out = '';
  process.env.MUSL_PATCH_CACHE = join(tmp, 'cache');
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
});
afterEach(() => vi.restoreAllMocks());

async function run(...args: string[]): Promise<void> {
  const program = new Command('musl-patch').exitOverride();
  register(program);
  await program.parseAsync(['node', 'musl-patch', 'scan', ...args]);
}

describe('musl-patch scan', () => {
  it('prints a summary per arch', async () => {
    await run(FIXTURE, '--arch', 'x86_64,aarch64');
    expect(out).toContain('musl 0.0.1-mini x86_64: 25 syscall sites');
    expect(out).toContain('musl 0.0.1-mini aarch64: 25 syscall sites');
    expect(out).toContain('files with traps: arch/x86_64/syscall_arch.h (2), src/signal/x86_64/restore.s (1), src/thread/x86_64/clone.s (1)');
  });

  it('writes JSON the schema accepts, grouped on request, to a file', async () => {
    const file = join(tmp, 'out.json');
    await run(FIXTURE, '--arch', 'i386', '--json', '--by', 'syscall', '-o', file);
    const json = scanJsonSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    expect(json.arches.map((a) => a.arch)).toEqual(['i386']);
    expect(json.arches[0].groups?.find((g) => g.key === 'syscall_SYS_getuid')?.detail).toBe('getuid32 #199');
  });

  it('names sites with the naming options every verb shares; --prefix is the old spelling of --syscall-prefix', async () => {
    await run(FIXTURE, '--arch', 'x86_64', '--by', 'site', '--syscall-prefix', 'kernel_', '--socketcall-prefix', 'net_', '--dynamic-name', 'kernel_n');
    const named = out;
    expect(named).toContain('→ kernel_read [read #0]');
    expect(named).not.toContain('syscall_SYS_read');
    expect(named).toMatch(/socketcall\(\w+.*→ net_\w+/);
    expect(named).not.toMatch(/→ socketcall_/);
    expect(named).toContain('→ kernel_n');
    out = '';
    await run(FIXTURE, '--arch', 'x86_64', '--by', 'site', '--prefix', 'kernel_');
    expect(out).toContain('→ kernel_read [read #0]');
    await expect(run(FIXTURE, '--syscall-prefix', 'kernel-')).rejects.toThrow(/invalid backend naming: syscallPrefix "kernel-" is not a C identifier/);
  });

  it('validates --json of sites cached by a text scan once, then records it in the cache entry', async () => {
    process.env.MUSL_PATCH_CACHE = join(tmp, 'validation-cache');
    await run(FIXTURE, '--arch', 'aarch64');
    const dir = join(tmp, 'validation-cache', 'scan');
    const [entry] = readdirSync(dir).filter((f) => f.endsWith('.json'));
    // An entry is the sha256 of its body, then the body.
    const read = () => JSON.parse(readFileSync(join(dir, entry), 'utf8').split('\n')[1]) as { arches: { sites: { line: number }[] }[]; validated: boolean };
    const write = (data: unknown) => writeFileSync(join(dir, entry), cacheEntryText(data as CacheEntry));
    expect(read().validated).toBe(false);
    // An entry nobody validated is checked before it is printed as JSON…
    const broken = read();
    broken.arches[0].sites[0].line = 0;
    write(broken);
    await expect(run(FIXTURE, '--arch', 'aarch64', '--json')).rejects.toThrow(/line/);
    // …and once it passes, the entry says so and later --json runs do not check it again.
    rmSync(join(dir, entry));
    await run(FIXTURE, '--arch', 'aarch64');
    out = '';
    await run(FIXTURE, '--arch', 'aarch64', '--json');
    expect(read().validated).toBe(true);
    expect(scanJsonSchema.parse(JSON.parse(out)).arches[0].arch).toBe('aarch64');
  });

  it('an entry edited in the cache (its digest no longer matches) is a miss: the tree is scanned again', async () => {
    process.env.MUSL_PATCH_CACHE = join(tmp, 'edited-cache');
    await run(FIXTURE, '--arch', 'x86_64');
    const first = out;
    const dir = join(tmp, 'edited-cache', 'scan');
    const [entry] = readdirSync(dir).filter((f) => f.endsWith('.json'));
    const text = readFileSync(join(dir, entry), 'utf8');
    writeFileSync(join(dir, entry), text.replace('"read"', '"evil"'));
    expect(readFileSync(join(dir, entry), 'utf8')).not.toBe(text);
    out = '';
    await run(FIXTURE, '--arch', 'x86_64');
    expect(out).toBe(first);
    expect(readFileSync(join(dir, entry), 'utf8')).toBe(text);
  });

  it('rejects a bad grouping, an unknown arch and a directory that is not musl in one line', async () => {
    await expect(run(FIXTURE, '--by', 'file')).rejects.toThrow(UserError);
    await expect(run(FIXTURE, '--arch', 'sparc')).rejects.toThrow(/no arch 'sparc'/);
    await expect(run(tmp)).rejects.toThrow(/not a musl source tree/);
  });
});
