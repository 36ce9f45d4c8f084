// The one stable order of sites everywhere (JSON, text, tests): file, position, then meaning.

import type { SyscallSite } from '../model/index.js';
import { SITE_KINDS } from '../model/kinds.js';
import { compareText as cmp } from '../util/text.js';

const KIND_ORDER: readonly string[] = SITE_KINDS;

export function compareSites(a: SyscallSite, b: SyscallSite): number {
  return (
    cmp(a.arch, b.arch) ||
    cmp(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
    cmp(a.callee, b.callee) ||
    cmp(a.token ?? '', b.token ?? '') ||
    cmp(a.backendSymbol ?? '', b.backendSymbol ?? '')
  );
}
