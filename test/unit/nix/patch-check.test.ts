import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyInOrder } from '../../../src/nix/patch-check.js';
import { makePatch, TINY_FILES, writeTree } from './tiny-musl.js';

describe('applyInOrder', () => {
  it('classifies patches as applies / already-applied / fails / unavailable and keeps going', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'musl-patch-check-'));
    const tree = join(dir, 'tree');
    const stdio = 'src/stdio/__stdio_write.c';
    const skipEmpty = TINY_FILES[stdio].replace('\tfor (;;) {', '\tif (!iovcnt) iovcnt++;\n\tfor (;;) {');
    // The tree already has the change `upstreamed` makes.
    writeTree(tree, { ...TINY_FILES, [stdio]: skipEmpty });
    const upstreamed = makePatch({ [stdio]: TINY_FILES[stdio] }, { [stdio]: skipEmpty }, join(dir, 'upstreamed.patch'));
    const fresh = makePatch({ VERSION: TINY_FILES.VERSION }, { VERSION: '9.9.9-patched\n' }, join(dir, 'fresh.patch'));
    const conflicting = makePatch({ 'src/internal/syscall.h': 'something else entirely\n' }, { 'src/internal/syscall.h': 'other\n' }, join(dir, 'conflicting.patch'));

    const outcomes = await applyInOrder(tree, [
      { label: 'fresh', file: fresh },
      { label: 'upstreamed', file: upstreamed },
      { label: 'remote', file: null },
      { label: 'conflicting', file: conflicting },
    ]);
    expect(outcomes.map((o) => [o.label, o.status])).toEqual([
      ['fresh', 'applies'],
      ['upstreamed', 'already-applied'],
      ['remote', 'unavailable'],
      ['conflicting', 'fails'],
    ]);
    expect(outcomes[3].detail).toMatch(/FAILED|hunk/i);
    // Applied for real, in order; failures left the tree alone.
    expect(readFileSync(join(tree, 'VERSION'), 'utf8')).toBe('9.9.9-patched\n');
    expect(readFileSync(join(tree, 'src/internal/syscall.h'), 'utf8')).toBe(TINY_FILES['src/internal/syscall.h']);
  });
});
