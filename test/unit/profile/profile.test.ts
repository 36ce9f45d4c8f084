// The kernel profile: read from an IncludeOS-shaped repository (fixtures/includeos-repo) by init,
// validated by its zod schema and by the shipped JSON Schema (ajv, draft 2020-12), found by walking
// up from the current directory, and refused in one line when it is wrong.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, describe, expect, test } from 'vitest';
import { profileFromRepository } from '../../../src/profile/init.js';
import { findProfile, loadProfile, profileBackend, resolveProfile } from '../../../src/profile/load.js';
import { profileJsonSchema, profileSchema } from '../../../src/profile/schema.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const fixture = path.join(repo, 'fixtures', 'includeos-repo');
const scratch: string[] = [];
afterAll(() => scratch.forEach((d) => rmSync(d, { recursive: true, force: true })));
const temp = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'musl-patch-profile-'));
  scratch.push(d);
  return d;
};

describe('init on the IncludeOS-shaped repository', () => {
  const result = profileFromRepository({ root: fixture, derivation: path.join(fixture, 'deps/musl/default.nix') });

  test("reads musl's version from the fetchGit rev, the configure options, the kernel's patch and the backend layout", () => {
    expect(result.profile).toEqual({
      musl: {
        version: '1.2.5',
        malloc: 'oldmalloc',
        debug: true,
        cflags: ['-Wno-error=int-conversion', '-nostdinc'],
        patches: ['deps/musl/patches/endian.patch'],
      },
      arches: ['x86_64', 'aarch64'],
      backend: { common: ['src/musl', 'src/kernel'], arch: { x86_64: ['src/arch/x86_64'], aarch64: ['src/arch/aarch64'] } },
      derivation: 'deps/musl/default.nix',
    });
  });

  test('says plainly what it left out and why', () => {
    expect(result.notes).toEqual([
      'configure CROSS_COMPILE=${stdenv.targetPlatform.config}-: not carried over, musl-patch picks the (cross) compiler per arch',
      "patch deps/musl/patches/musl.patch left out: its changes to src/unistd/setxid.c are what musl-patch's series does (0003-runtime-number-syscall_n.patch); its changes to arch/x86_64/atomic_arch.h are the kernel's own: move them into a patch of their own and add it to musl.patches",
      "postUnpack swaps musl's syscall headers for a hand-made layer: musl-patch's series replaces that, so it is not carried over",
    ]);
  });

  test('a rev it does not know, configure words it does not read, a missing patch: notes, never guesses', () => {
    const root = temp();
    mkdirSync(path.join(root, 'deps/musl'), { recursive: true });
    writeFileSync(
      path.join(root, 'deps/musl/default.nix'),
      `{ stdenv }: stdenv.mkDerivation rec {
  pname = "musl-includeos"; version = "1.2.3";
  src = fetchGit { url = "git://git.musl-libc.org/musl"; rev = "0123456789abcdef0123456789abcdef01234567"; };
  patches = [ ./gone.patch ];
  configureFlags = [ "--enable-wrapper=gcc" "--with-malloc=mallocng" ];
}
`,
    );
    const r = profileFromRepository({ root, derivation: path.join(root, 'deps/musl/default.nix') });
    expect(r.profile.musl).toEqual({ version: '1.2.3', malloc: 'mallocng' });
    expect(r.profile.arches).toEqual(['x86_64', 'i386', 'aarch64', 'riscv64']);
    expect(r.notes).toEqual([
      'source: rev 0123456789abcdef0123456789abcdef01234567 is not a musl release commit musl-patch knows; the version is taken from `version`',
      'configure --enable-wrapper=gcc: not read (musl-patch passes only --with-malloc, --enable-debug and CFLAGS)',
      'configure without --disable-shared: musl-patch builds and proves the static libc only',
      'patch deps/musl/gone.patch is listed but does not exist',
      'no backend sources found under src/musl, src/kernel, src/arch/<arch>: add backend.common / backend.arch by hand',
    ]);
  });
});

describe('schema', () => {
  const ajv = new Ajv2020({ strict: false });
  const validate = ajv.compile(JSON.parse(profileJsonSchema()));

  test('the shipped JSON Schema is the one generated from the zod schema', () => {
    expect(readFileSync(path.join(repo, 'schema', 'musl-patch.schema.json'), 'utf8')).toBe(profileJsonSchema());
  });

  test("init's profile passes both; a wrong one fails both", () => {
    const good = profileFromRepository({ root: fixture, derivation: path.join(fixture, 'deps/musl/default.nix') }).profile;
    expect(validate(good)).toBe(true);
    expect(profileSchema.safeParse(good).success).toBe(true);
    for (const bad of [{ ...good, arches: ['sparc'] }, { ...good, musl: { ...good.musl, version: '1.2' } }, { ...good, extra: 1 }, { arches: ['x86_64'] }]) {
      expect(validate(bad)).toBe(false);
      expect(profileSchema.safeParse(bad).success).toBe(false);
    }
  });
});

describe('loading', () => {
  test('found by walking up from a subdirectory; --config and --no-config', () => {
    const root = temp();
    cpSync(fixture, root, { recursive: true });
    writeFileSync(path.join(root, 'musl-patch.json'), JSON.stringify({ musl: { version: '1.2.5' }, backend: { common: ['src/musl'], arch: { x86_64: ['src/arch/x86_64'] } } }));
    const deep = path.join(root, 'src', 'arch', 'x86_64');
    expect(findProfile(deep)).toBe(path.join(root, 'musl-patch.json'));
    const loaded = resolveProfile({}, deep)!;
    expect(loaded.root).toBe(root);
    expect(loaded.profile.musl).toEqual({ version: '1.2.5', malloc: 'mallocng', debug: false, cflags: [], patches: [] });
    expect(profileBackend(loaded)).toEqual([path.join(root, 'src/musl'), { path: path.join(root, 'src/arch/x86_64'), arches: ['x86_64'] }]);
    expect(resolveProfile({ config: false }, deep)).toBeNull();
    expect(resolveProfile({ config: path.join(root, 'musl-patch.json') }, os.tmpdir())!.root).toBe(root);
  });

  test('a broken profile is one line naming the file and the field', () => {
    const root = temp();
    const file = path.join(root, 'musl-patch.json');
    writeFileSync(file, '{ "musl": ');
    expect(() => loadProfile(file)).toThrow(new RegExp(`kernel profile ${file} is not JSON`));
    writeFileSync(file, JSON.stringify({ musl: { version: '1.2.5', malloc: 7 } }));
    expect(() => loadProfile(file)).toThrow(new RegExp(`kernel profile ${file}: musl\\.malloc: `));
  });
});
