import { fileURLToPath } from 'node:url';
// The committed syscall tables (syscall-table/<version>/<arch>.json): their stable text and paths.

import type { GeneratedFile } from '../util/generated-files.js';
import type { SyscallTable } from '../model/index.js';

/** musl-patch's own committed tables (syscall-table/ of the package), wherever it runs from. */
export const PACKAGE_TABLE_ROOT = fileURLToPath(new URL('../../syscall-table', import.meta.url));

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

/** The committed tables as generated files, relative to the tables' root (`<version>/<arch>.json`). */
export function tableFiles(tables: SyscallTable[]): GeneratedFile[] {
  return tables.map((t) => ({ path: `${t.version}/${t.arch}.json`, text: tableText(t) }));
}
