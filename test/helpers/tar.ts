import { gzipSync } from 'node:zlib';

export interface RawEntry {
  name: string;
  /** ustar typeflag: '0' file, '2' symlink, '1' hard link, '5' directory. */
  type?: '0' | '1' | '2' | '5';
  linkname?: string;
  content?: string;
  /** Permission bits (default 0644, 0755 for directories). */
  mode?: number;
}

/**
 * Writes a gzipped ustar archive byte by byte, so tests can build archives that well-behaved
 * tar writers refuse to produce (absolute names, `..` members, escaping links).
 */
export function rawTarGz(entries: RawEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const body = Buffer.from(e.content ?? '');
    const h = Buffer.alloc(512);
    h.write(e.name, 0, 100, 'utf8');
    h.write(`${(e.mode ?? (e.type === '5' ? 0o755 : 0o644)).toString(8).padStart(7, '0')}\0`, 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write(body.length.toString(8).padStart(11, '0') + '\0', 124);
    h.write('00000000000\0', 136);
    h.write('        ', 148);
    h.write(e.type ?? '0', 156);
    if (e.linkname) h.write(e.linkname, 157, 100);
    h.write('ustar\0', 257);
    h.write('00', 263);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
    blocks.push(h, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

/** The files every musl tree has, enough for `openMuslTree` to accept an extracted archive. */
export function muslLikeEntries(top: string, version: string): RawEntry[] {
  return [
    { name: `${top}/`, type: '5' },
    { name: `${top}/VERSION`, content: `${version}\n` },
    { name: `${top}/Makefile`, content: '# musl\n' },
    { name: `${top}/configure`, content: '#!/bin/sh\n' },
    { name: `${top}/arch/`, type: '5' },
    { name: `${top}/src/internal/syscall.h`, content: '/* */\n' },
  ];
}
