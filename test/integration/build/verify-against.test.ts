// `verify --against PREFIX`: the patched build's headers and defined symbols against another musl
// install, here the one `build --prefix` writes (per-arch directories). Equal to itself; one edited
// header fails the check and is named; a directory that is not a musl install is a usage error.
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runCli } from '../../helpers/cli.js';

const work = mkdtempSync(path.join(os.tmpdir(), 'musl-patch-verify-against-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const ARGS = ['1.2.5', '--arch', 'x86_64'];

describe('verify --against a musl install', () => {
  test('equal to the install build --prefix wrote; an edited header fails and is named; a non-install is refused', async () => {
    const prefix = path.join(work, 'prefix');
    const built = await runCli(['build', ...ARGS, '--prefix', prefix], { timeoutMs: 900_000 });
    expect(built.code, built.stderr).toBe(0);

    const same = await runCli(['verify', ...ARGS, '--against', prefix], { timeoutMs: 900_000 });
    expect(same.code, same.stderr).toBe(0);
    expect(same.stdout).toMatch(new RegExp(`headers vs ${prefix}/x86_64: \\d+ compared; differ: none; only in patched: none;`));
    expect(same.stdout).toMatch(new RegExp(`defined symbols vs ${prefix}/x86_64: \\d+ in patched libc\\.a; only in patched: none; only in ${prefix}/x86_64: none`));

    const edited = path.join(work, 'edited');
    cpSync(prefix, edited, { recursive: true });
    appendFileSync(path.join(edited, 'x86_64', 'include', 'stdio.h'), '/* a local change */\n');
    const differs = await runCli(['verify', ...ARGS, '--against', edited], { timeoutMs: 900_000 });
    expect(differs.code).toBe(1);
    expect(differs.stdout).toMatch(/^x86_64: FAILED$/m);
    expect(differs.stdout).toMatch(new RegExp(`headers vs ${edited}/x86_64: \\d+ compared; differ: stdio\\.h; only in patched: none;`));

    const empty = path.join(work, 'empty');
    mkdirSync(empty);
    const refused = await runCli(['verify', ...ARGS, '--against', empty]);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^musl-patch: --against .* is not a musl install for x86_64: .*\(pass the prefix of an installed musl/)]);
    expect(refused.stdout).toBe('');
  });
});
