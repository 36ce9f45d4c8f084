// What a program input is, read from its own header: a relocatable object, a static archive of
// them, or a linked executable, and for which arch (ELF e_machine and class, through the
// arch table). Pure on bytes; the caller reads the file.

import { UserError } from '../util/errors.js';
import { archOfElf, SUPPORTED_ARCHES } from '../arch/index.js';

export type ProgramInputKind = 'object' | 'archive' | 'executable';

export interface ProgramInput {
  file: string;
  kind: ProgramInputKind;
  arch: string;
}

const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);
const AR_MAGIC = '!<arch>\n';
const ET_REL = 1;
const ET_EXEC = 2;
const ET_DYN = 3;
const PT_INTERP = 3;

interface ElfHeader {
  type: number;
  machine: number;
  bits: 32 | 64;
  /** The program asks for a dynamic loader (PT_INTERP). */
  interpreter: boolean;
}

/** Classifies one input from its bytes; `file` names it in errors. */
export function identifyProgramInput(file: string, bytes: Buffer): ProgramInput {
  if (bytes.subarray(0, 8).toString('latin1') === AR_MAGIC) return { file, kind: 'archive', arch: archiveArch(file, bytes) };
  if (bytes.subarray(0, 8).toString('latin1') === '!<thin>\n') {
    throw new UserError(`${file} is a thin archive (its members live elsewhere)`, 'pass the objects it lists, or a normal archive made with `ar rc`');
  }
  const header = elfHeader(bytes);
  if (!header) throw new UserError(`${file} is not an ELF object, static archive or executable`, 'pass the compiled program: .o files, .a archives or its linked static executable');
  const arch = archOf(file, header);
  if (header.type === ET_REL) return { file, kind: 'object', arch };
  if (header.type === ET_EXEC || header.type === ET_DYN) {
    if (header.interpreter) {
      throw new UserError(`${file} is a dynamically linked program; a unikernel links its libc statically`, 'pass its object files (or link it with -static)');
    }
    return { file, kind: 'executable', arch };
  }
  throw new UserError(`${file} is an ELF file of type ${header.type} (a core dump?), not an object, archive or executable`, 'pass the compiled program');
}

function archOf(file: string, header: ElfHeader): string {
  const arch = archOfElf(header.machine, header.bits);
  if (!arch) {
    throw new UserError(
      `${file} is a ${header.bits}-bit ELF file for machine ${header.machine}, not for an arch musl-patch supports`,
      `compile it for ${SUPPORTED_ARCHES.join(', ')}`,
    );
  }
  return arch;
}

function elfHeader(bytes: Buffer): ElfHeader | null {
  if (bytes.length < 52 || !bytes.subarray(0, 4).equals(ELF_MAGIC)) return null;
  const bits = bytes[4] === 2 ? 64 : bytes[4] === 1 ? 32 : null;
  const little = bytes[5] === 1 ? true : bytes[5] === 2 ? false : null;
  if (bits === null || little === null) return null;
  const u16 = (at: number) => (little ? bytes.readUInt16LE(at) : bytes.readUInt16BE(at));
  const u32 = (at: number) => (little ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at));
  const word = (at: number) => (bits === 64 ? Number(little ? bytes.readBigUInt64LE(at) : bytes.readBigUInt64BE(at)) : u32(at));
  if (bits === 64 && bytes.length < 64) return null;
  const type = u16(16);
  const machine = u16(18);
  const phoff = word(bits === 64 ? 32 : 28);
  const phentsize = u16(bits === 64 ? 54 : 42);
  const phnum = u16(bits === 64 ? 56 : 44);
  let interpreter = false;
  for (let i = 0; i < phnum && phoff + (i + 1) * phentsize <= bytes.length; i++) {
    if (u32(phoff + i * phentsize) === PT_INTERP) interpreter = true;
  }
  return { type, machine, bits, interpreter };
}

/**
 * The arch of an archive: every ELF member's must agree. Members are `ar` headers of 60 bytes
 * (name, dates, mode, decimal size) followed by the data, padded to an even offset; `/` and `//`
 * are the symbol and long-name tables.
 */
function archiveArch(file: string, bytes: Buffer): string {
  const arches = new Set<string>();
  let offset = AR_MAGIC.length;
  while (offset + 60 <= bytes.length) {
    const name = bytes.subarray(offset, offset + 16).toString('latin1').trim();
    const size = Number.parseInt(bytes.subarray(offset + 48, offset + 58).toString('latin1').trim(), 10);
    if (!Number.isFinite(size) || bytes.subarray(offset + 58, offset + 60).toString('latin1') !== '`\n') {
      throw new UserError(`${file} is a damaged archive (bad member header at byte ${offset})`, 'rebuild it with `ar rc`');
    }
    const data = bytes.subarray(offset + 60, offset + 60 + size);
    if (name !== '/' && name !== '//' && name !== '/SYM64/') {
      const header = elfHeader(data);
      if (header) arches.add(archOf(`${file}(${name.replace(/\/$/, '')})`, header));
    }
    offset += 60 + size + (size % 2);
  }
  if (arches.size === 0) throw new UserError(`${file} holds no ELF objects`, 'pass an archive of compiled objects');
  if (arches.size > 1) throw new UserError(`${file} mixes objects for ${[...arches].join(' and ')}`, 'build one archive per arch');
  return [...arches][0];
}
