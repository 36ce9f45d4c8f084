// What a program input is, from its own header bytes (built here field by field, as the ELF and ar
// formats lay them out).
import { describe, expect, test } from 'vitest';
import { identifyProgramInput } from '../../../src/build/elf.js';
import { UserError } from '../../../src/util/errors.js';

const ET = { REL: 1, EXEC: 2, DYN: 3, CORE: 4 };

/** An ELF header (and program headers when `segments` are given), little endian unless `big`. */
function elf(bits: 32 | 64, type: number, machine: number, segments: number[] = [], big = false): Buffer {
  const ehsize = bits === 64 ? 64 : 52;
  const phentsize = bits === 64 ? 56 : 32;
  const b = Buffer.alloc(ehsize + segments.length * phentsize);
  b.set([0x7f, 0x45, 0x4c, 0x46, bits === 64 ? 2 : 1, big ? 2 : 1, 1]);
  const u16 = (at: number, v: number) => (big ? b.writeUInt16BE(v, at) : b.writeUInt16LE(v, at));
  const u32 = (at: number, v: number) => (big ? b.writeUInt32BE(v, at) : b.writeUInt32LE(v, at));
  u16(16, type);
  u16(18, machine);
  if (bits === 64) {
    b.writeBigUInt64LE(BigInt(segments.length ? ehsize : 0), 32);
    u16(54, phentsize);
    u16(56, segments.length);
  } else {
    u32(28, segments.length ? ehsize : 0);
    u16(42, phentsize);
    u16(44, segments.length);
  }
  segments.forEach((t, i) => u32(ehsize + i * phentsize, t));
  return b;
}

/** An `ar` archive of named members. */
function ar(members: [string, Buffer][]): Buffer {
  const parts: Buffer[] = [Buffer.from('!<arch>\n')];
  for (const [name, data] of members) {
    const header = `${name.padEnd(16)}${'0'.padEnd(12)}${'0'.padEnd(6)}${'0'.padEnd(6)}${'644'.padEnd(8)}${String(data.length).padEnd(10)}\`\n`;
    parts.push(Buffer.from(header, 'latin1'), data);
    if (data.length % 2) parts.push(Buffer.from('\n'));
  }
  return Buffer.concat(parts);
}

const fails = (file: string, bytes: Buffer, message: RegExp) => {
  let err: unknown;
  try {
    identifyProgramInput(file, bytes);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(UserError);
  expect((err as UserError).line()).toMatch(message);
  expect((err as UserError).line().split('\n')).toHaveLength(1);
};

describe('identifyProgramInput', () => {
  test('objects of the three arches by machine and class', () => {
    expect(identifyProgramInput('a.o', elf(64, ET.REL, 62))).toEqual({ file: 'a.o', kind: 'object', arch: 'x86_64' });
    expect(identifyProgramInput('a.o', elf(32, ET.REL, 3))).toEqual({ file: 'a.o', kind: 'object', arch: 'i386' });
    expect(identifyProgramInput('a.o', elf(64, ET.REL, 183))).toEqual({ file: 'a.o', kind: 'object', arch: 'aarch64' });
  });

  test('static executables (also static-pie), refused when they ask for a dynamic loader', () => {
    expect(identifyProgramInput('prog', elf(64, ET.EXEC, 62, [1, 1]))).toMatchObject({ kind: 'executable', arch: 'x86_64' });
    expect(identifyProgramInput('prog', elf(64, ET.DYN, 183, [1]))).toMatchObject({ kind: 'executable', arch: 'aarch64' });
    fails('prog', elf(64, ET.EXEC, 62, [6, 3, 1]), /prog is a dynamically linked program.*\(pass its object files/);
  });

  test('an archive takes its members\' arch (symbol and name tables skipped); mixed or empty archives are refused', () => {
    const arm = elf(64, ET.REL, 183);
    expect(identifyProgramInput('libnet.a', ar([['/', Buffer.from('xx')], ['//', Buffer.from('long-name.o/\n')], ['net.o/', arm], ['/0', arm]]))).toEqual({
      file: 'libnet.a',
      kind: 'archive',
      arch: 'aarch64',
    });
    fails('mix.a', ar([['a.o/', arm], ['b.o/', elf(64, ET.REL, 62)]]), /mix\.a mixes objects for aarch64 and x86_64/);
    fails('empty.a', ar([['/', Buffer.from('')]]), /empty\.a holds no ELF objects/);
    fails('thin.a', Buffer.from('!<thin>\n'), /thin archive/);
  });

  test('other machines, x32 (x86_64 machine, 32-bit class), core dumps and non-ELF files: one line each', () => {
    fails('arm.o', elf(32, ET.REL, 40), /arm\.o is a 32-bit ELF file for machine 40, not for an arch musl-patch supports/);
    fails('x32.o', elf(32, ET.REL, 62), /machine 62/);
    fails('core', elf(64, ET.CORE, 62), /core is an ELF file of type 4/);
    fails('main.c', Buffer.from('int main(void) { return 0; }\n'), /main\.c is not an ELF object, static archive or executable/);
    fails('member.a', ar([['bad.o/', Buffer.from('not elf')]]).subarray(0, 70), /holds no ELF objects|damaged/);
  });

  test('big-endian headers are read as such', () => {
    expect(identifyProgramInput('be.o', elf(64, ET.REL, 183, [], true))).toMatchObject({ arch: 'aarch64' });
  });
});
