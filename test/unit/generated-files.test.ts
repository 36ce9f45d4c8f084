import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { staleGenerated, writeGenerated } from '../../src/util/generated-files.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('generated files', () => {
  const files = [
    { path: '1.2.5/x86_64.json', text: '{ "a": 1 }\n' },
    { path: 'include/1.2.5/h.h', text: '/* h */\n' },
  ];

  it('writes every file under its root (no temp file left) and then finds none stale', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'gen-'));
    dirs.push(root);
    expect(await writeGenerated(root, files)).toEqual(['1.2.5/x86_64.json', 'include/1.2.5/h.h']);
    expect(readFileSync(path.join(root, '1.2.5/x86_64.json'), 'utf8')).toBe('{ "a": 1 }\n');
    expect(readdirSync(path.join(root, '1.2.5'))).toEqual(['x86_64.json']);
    expect(staleGenerated(root, files)).toEqual([]);
  });

  it('names files that differ or are missing', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'gen-'));
    dirs.push(root);
    await writeGenerated(root, files.slice(0, 1));
    writeFileSync(path.join(root, '1.2.5/x86_64.json'), '{ "a": 2 }\n');
    expect(staleGenerated(root, files)).toEqual(['1.2.5/x86_64.json', 'include/1.2.5/h.h']);
  });
});
