import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SyscallTable } from '../model.js';

/** The committed form of a table: stable key order, one entry per line, trailing newline. */
export function tableText(t: SyscallTable): string {
  const lines = [
    '{',
    `  "version": ${JSON.stringify(t.version)},`,
    `  "arch": ${JSON.stringify(t.arch)},`,
    '  "syscalls": [',
    t.syscalls.map((s) => `    { "name": ${JSON.stringify(s.name)}, "number": ${s.number} }`).join(',\n'),
    '  ],',
    '  "aliases": [',
    t.aliases.map((a) => `    { "name": ${JSON.stringify(a.name)}, "target": ${JSON.stringify(a.target)}, "number": ${a.number} }`).join(',\n'),
    '  ],',
    '  "archMacros": {',
    Object.keys(t.archMacros)
      .sort()
      .map((k) => `    ${JSON.stringify(k)}: ${JSON.stringify(t.archMacros[k])}`)
      .join(',\n'),
    '  }',
    '}',
  ];
  return lines.filter((l) => l !== '').join('\n') + '\n';
}

export function tablePath(outDir: string, t: Pick<SyscallTable, 'version' | 'arch'>): string {
  return join(outDir, t.version, `${t.arch}.json`);
}

/** Writes each table through a temp file + rename, so a reader never sees half a file. */
export async function writeTables(outDir: string, tables: SyscallTable[]): Promise<string[]> {
  const written: string[] = [];
  for (const t of tables) {
    const path = tablePath(outDir, t);
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(`${path}.tmp`, tableText(t));
    await rename(`${path}.tmp`, path);
    written.push(path);
  }
  return written;
}

/** Paths whose committed content differs from a fresh generation (or that are missing). */
export async function checkTables(outDir: string, tables: SyscallTable[]): Promise<string[]> {
  return tables
    .map((t) => ({ path: tablePath(outDir, t), text: tableText(t) }))
    .filter(({ path, text }) => !existsSync(path) || readFileSync(path, 'utf8') !== text)
    .map(({ path }) => path);
}
