import { describe, expect, it } from 'vitest';
import { fromNixBase32, parseSha256, toNixBase32 } from '../../../src/nix/hash.js';

// Expected values: DESIGN §6 (hex), real nixpkgs expressions (SRI / base64), `nix-hash --to-base32` (base32).
const MUSL_125 = {
  hex: 'a9a118bbe84d8764da0ea0d28b3ab3fae8477fc7e4085d90102b8596fc7c75e4',
  base64: 'qaEYu+hNh2TaDqDSizqz+uhHf8fkCF2QECuFlvx8deQ=',
  base32: '1r3mgky9d19b2285s274qxzlgs7sncx8plm01vd691sdx2xii8d9',
};
const MUSL_123 = {
  hex: '7d5b0b6062521e4627e099e4c9dc8248d32a30285e959b7eecaa780cf8cfd4a4',
  sri: 'sha256-fVsLYGJSHkYn4JnkydyCSNMqMChelZt+7Kp4DPjP1KQ=',
  base32: '196lrzw0qy5axiz9p5ay50q2mls8hbfckr4rw0klc7jjc9h0nnvx',
};

describe('parseSha256', () => {
  it('reads every spelling nixpkgs uses to the same digest', () => {
    expect(parseSha256(`sha256-${MUSL_125.base64}`)).toEqual({ hex: MUSL_125.hex, sri: `sha256-${MUSL_125.base64}`, spelling: 'sri' });
    expect(parseSha256(MUSL_125.base64)?.hex).toBe(MUSL_125.hex);
    expect(parseSha256(MUSL_125.base64)?.spelling).toBe('base64');
    expect(parseSha256(MUSL_125.base32)).toEqual({ hex: MUSL_125.hex, sri: `sha256-${MUSL_125.base64}`, spelling: 'base32' });
    expect(parseSha256(MUSL_125.hex.toUpperCase())?.hex).toBe(MUSL_125.hex);
    expect(parseSha256(`sha256:${MUSL_123.base32}`)?.sri).toBe(MUSL_123.sri);
  });

  it('rejects placeholders, other algorithms and corrupted digests', () => {
    expect(parseSha256('')).toBeNull();
    expect(parseSha256('sha512-abc')).toBeNull();
    expect(parseSha256('0000000000000000000000000000000000000000000000000000')).not.toBeNull();
    expect(parseSha256('e000000000000000000000000000000000000000000000000000')).toBeNull(); // 'e' is not Nix base32
    expect(parseSha256(MUSL_125.hex.slice(1))).toBeNull();
    // 52 chars whose top digit overflows 256 bits
    expect(parseSha256('z' + MUSL_125.base32.slice(1))).toBeNull();
  });
});

describe('Nix base32', () => {
  it('matches nix-hash --to-base32 and round-trips', () => {
    expect(toNixBase32(Buffer.from(MUSL_123.hex, 'hex'))).toBe(MUSL_123.base32);
    expect(Buffer.from(fromNixBase32(MUSL_125.base32, 32)!).toString('hex')).toBe(MUSL_125.hex);
  });
});
