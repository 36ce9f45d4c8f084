import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/util/errors.js';
import { claimOutputDir, claimOutputFile, looksGenerated, replaceDir, writeOutputFile } from '../../../src/util/output.js';
import { cleanUpTemporaryWork, sweepBeside, tempBeside } from '../../../src/util/temp.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'util-output-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const fresh = () => {
  const d = path.join(tmp, `case-${n++}`);
  mkdirSync(d);
  return d;
};

/** The pid of a process that has exited (so its temporary paths are a dead process's). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

function write(dir: string, files: Record<string, string>): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
}

describe('replaceDir', () => {
  it('swaps the new result in whole and removes the old one', async () => {
    const base = fresh();
    const out = path.join(base, 'out');
    write(out, { 'old.txt': 'old' });
    await replaceDir(out, async (work) => write(work, { 'new.txt': 'new' }));
    expect(readdirSync(out)).toEqual(['new.txt']);
    expect(readdirSync(base)).toEqual(['out']);
  });

  it('leaves the old result untouched when producing the new one fails', async () => {
    const base = fresh();
    const out = path.join(base, 'out');
    write(out, { 'old.txt': 'old' });
    await expect(
      replaceDir(out, async (work) => {
        write(work, { 'half.txt': 'half' });
        throw new Error('make failed');
      }),
    ).rejects.toThrow('make failed');
    expect(readdirSync(out)).toEqual(['old.txt']);
    expect(readdirSync(base)).toEqual(['out']);
  });

  it('a signal during the work removes the temporary directory and keeps the old result', async () => {
    const base = fresh();
    const out = path.join(base, 'out');
    write(out, { 'old.txt': 'old' });
    let cleaned!: Promise<void>;
    await expect(
      replaceDir(out, async (work) => {
        write(work, { 'half.txt': 'half' });
        cleaned = cleanUpTemporaryWork(); // what the SIGINT handler runs
        await cleaned;
        throw new Error('interrupted');
      }),
    ).rejects.toThrow('interrupted');
    expect(readdirSync(base)).toEqual(['out']);
    expect(readFileSync(path.join(out, 'old.txt'), 'utf8')).toBe('old');
  });
});

describe('sweeping what a killed process left', () => {
  it('removes dead processes\u2019 temporary copies and puts back a result moved aside before the swap finished', () => {
    const base = fresh();
    const out = path.join(base, 'out');
    const pid = deadPid();
    // SIGKILL between "old moved aside" and "new renamed in": out is missing, both copies remain.
    write(path.join(base, `out.old-${pid}-abcdef`), { 'old.txt': 'old' });
    write(path.join(base, `out.tmp-${pid}-123456`), { 'half.txt': 'half' });
    // A live process's work is left alone.
    write(path.join(base, `out.tmp-${process.pid}-fedcba`), { 'mine.txt': '' });
    sweepBeside(out);
    expect(readdirSync(base).sort()).toEqual(['out', `out.tmp-${process.pid}-fedcba`]);
    expect(readdirSync(out)).toEqual(['old.txt']);
  });

  it('removes a moved-aside copy when the new result did arrive', () => {
    const base = fresh();
    const out = path.join(base, 'out');
    write(out, { 'new.txt': 'new' });
    write(path.join(base, `out.old-${deadPid()}-abcdef`), { 'old.txt': 'old' });
    sweepBeside(out);
    expect(readdirSync(base)).toEqual(['out']);
    expect(readdirSync(out)).toEqual(['new.txt']);
  });

  it('claiming an output sweeps beside it', () => {
    const base = fresh();
    const file = path.join(base, 'report.json');
    writeFileSync(`${file}.tmp-${deadPid()}-aaaaaa`, '{"half');
    claimOutputFile(file, { label: '--out' });
    expect(readdirSync(base)).toEqual([]);
  });

  it('tempBeside names carry this process id', () => {
    expect(path.basename(tempBeside('/x/out'))).toMatch(new RegExp(`^out\\.tmp-${process.pid}-[0-9a-f]{6}$`));
  });
});

describe('claims', () => {
  it('a file musl-patch wrote may be replaced; anything else only with force', async () => {
    const base = fresh();
    const ours = path.join(base, 'report.json');
    await writeOutputFile(ours, '{\n  "format": "musl-patch-coverage/1"\n}\n');
    expect(claimOutputFile(ours, { label: '--out' })).toBe(ours);
    const theirs = path.join(base, 'notes.txt');
    writeFileSync(theirs, 'my notes\n');
    expect(() => claimOutputFile(theirs, { label: '--out' })).toThrow(UserError);
    expect(claimOutputFile(theirs, { label: '--out', force: true })).toBe(theirs);
  });

  it('recognises every format musl-patch writes by its first bytes', () => {
    const base = fresh();
    const samples = [
      '/* Generated by musl-patch stubs for musl 1.2.5 (x86_64). */\n',
      '# musl-includeos: musl 1.2.5\n# kernel backend\n# Generated by `musl-patch nix 1.2.5`: regenerate it\n',
      '<!-- musl-patch-coverage -->\n### musl-patch coverage\n',
      '{\n  "format": "musl-patch-coverage/1",\n',
      '{\n  "tool": "musl-patch scan",\n',
      'musl 1.2.5 — backend fixtures/backend-includeos\n',
      'musl 1.2.5 x86_64: 473 syscall sites, 272 backend symbols\n',
      '::warning file=src/network/accept.c,line=6::x\n',
    ];
    for (const [i, text] of samples.entries()) {
      writeFileSync(path.join(base, String(i)), text);
      expect(looksGenerated(path.join(base, String(i))), text).toBe(true);
    }
    writeFileSync(path.join(base, 'mine.cpp'), '#include "common.hpp"\nlong syscall_SYS_read(int fd) { return 0; }\n');
    expect(looksGenerated(path.join(base, 'mine.cpp'))).toBe(false);
  });

  it('an output directory never overlaps an input, with or without force', () => {
    const base = fresh();
    const input = path.join(base, 'in');
    mkdirSync(input);
    for (const out of [input, path.join(input, 'sub'), base]) {
      for (const force of [false, true]) expect(() => claimOutputDir(out, { label: '--out', force, inputs: [input] }), out).toThrow(/may not be written/);
    }
    expect(claimOutputDir(path.join(base, 'elsewhere'), { label: '--out', inputs: [input] })).toBe(path.join(base, 'elsewhere'));
    expect(existsSync(path.join(base, 'elsewhere'))).toBe(false);
  });

  it('an existing directory is replaced only when the verb says it may be, or with force', () => {
    const base = fresh();
    const out = path.join(base, 'out');
    write(out, { 'mine.txt': 'x' });
    const refuse = () => new UserError(`${out} exists and was not written by musl-patch apply`, 'choose another --out, or pass --force to replace it');
    expect(() => claimOutputDir(out, { label: '--out', refuse })).toThrow(/not written by musl-patch/);
    expect(claimOutputDir(out, { label: '--out', refuse, force: true })).toBe(out);
  });
});
