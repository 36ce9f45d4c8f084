/** Locale-independent string order, so every output is byte-for-byte stable across machines. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
