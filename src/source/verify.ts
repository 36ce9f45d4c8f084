import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** SRI form (`sha256-<base64>`) of a hex digest, as Nix's `hash =` attributes use. */
export function sriFromHex(hex: string): string {
  return `sha256-${Buffer.from(hex, 'hex').toString('base64')}`;
}
