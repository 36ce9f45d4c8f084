import { sriFromHex } from '../source/index.js';

// The sha256 spellings Nix expressions use for fixed-output sources, and conversion between them.
// nixpkgs mixes all of them: SRI (`sha256-<base64>`), bare base64, Nix base32 (52 chars) and hex.

/** Nix's base32 alphabet (no e, o, u, t) — not RFC 4648. */
const NIX_BASE32 = '0123456789abcdfghijklmnpqrsvwxyz';

export type HashSpelling = 'sri' | 'base64' | 'base32' | 'hex';

export interface Sha256 {
  /** Lower-case hex digest, the form the rest of musl-patch compares. */
  hex: string;
  sri: string;
  /** How the expression wrote it. */
  spelling: HashSpelling;
}

/** Nix base32 of a byte string (the `nix-hash --to-base32` encoding: least significant bits first). */
export function toNixBase32(bytes: Uint8Array): string {
  const length = Math.ceil((bytes.length * 8) / 5);
  let out = '';
  for (let n = length - 1; n >= 0; n--) {
    const bit = n * 5;
    const i = Math.floor(bit / 8);
    const j = bit % 8;
    const value = (bytes[i] >> j) | (i + 1 < bytes.length ? bytes[i + 1] << (8 - j) : 0);
    out += NIX_BASE32[value & 0x1f];
  }
  return out;
}

/** Inverse of toNixBase32; null when `text` is not valid Nix base32 for `size` bytes. */
export function fromNixBase32(text: string, size: number): Uint8Array | null {
  if (text.length !== Math.ceil((size * 8) / 5)) return null;
  const bytes = new Uint8Array(size);
  for (let n = 0; n < text.length; n++) {
    const digit = NIX_BASE32.indexOf(text[text.length - 1 - n]);
    if (digit < 0) return null;
    const bit = n * 5;
    const i = Math.floor(bit / 8);
    const j = bit % 8;
    bytes[i] |= (digit << j) & 0xff;
    const carry = digit >> (8 - j);
    if (i + 1 < size) bytes[i + 1] |= carry;
    else if (carry) return null;
  }
  return bytes;
}

function fromBase64(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9+/]{43}=$/.test(text)) return null;
  return new Uint8Array(Buffer.from(text, 'base64'));
}

/**
 * Reads a sha256 as written in a Nix expression (`hash =` or `sha256 =`), in any spelling.
 * Returns null for anything else (another algorithm, a wrong length, an empty placeholder).
 */
export function parseSha256(text: string): Sha256 | null {
  const value = text.trim();
  let bytes: Uint8Array | null = null;
  let spelling: HashSpelling;
  if (value.startsWith('sha256-')) {
    bytes = fromBase64(value.slice('sha256-'.length));
    spelling = 'sri';
  } else if (value.startsWith('sha256:')) {
    return parseSha256(value.slice('sha256:'.length));
  } else if (/^[0-9a-fA-F]{64}$/.test(value)) {
    bytes = new Uint8Array(Buffer.from(value, 'hex'));
    spelling = 'hex';
  } else if (value.length === 52) {
    bytes = fromNixBase32(value, 32);
    spelling = 'base32';
  } else {
    bytes = fromBase64(value);
    spelling = 'base64';
  }
  if (!bytes) return null;
  const hex = Buffer.from(bytes).toString('hex');
  return { hex, sri: sriFromHex(hex), spelling };
}
