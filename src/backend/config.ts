// What the backend reader looks for. Defaults follow IncludeOS (src/musl/*.cpp); every part is
// configurable so other unikernels with a different naming or stub convention can use the tool.

import { DEFAULT_NAMING, type BackendNaming } from '../model/naming.js';

/**
 * Backend symbols outside the naming (`<syscallPrefix><SYS name>`, `<socketcallPrefix><op>` and
 * the run-time-number function `syscall_n(nr, a, b, c, d, e, f)`):
 * - `syscall_nr`: referenced by the hand-made IncludeOS musl layer; kept so old backends are read fully.
 */
export const DEFAULT_EXTRA_SYMBOLS = ['syscall_nr'] as const;

/** Calls that mark a body as a stub: IncludeOS's `stubtrace(fn, "name", args...)` template and `STUB("name")` macro. */
export const DEFAULT_STUB_MARKERS = ['stubtrace', 'STUB'] as const;

export interface BackendConfig {
  /** How the backend's functions are named (the same contract the scan and the rewrite use). */
  naming: BackendNaming;
  /** Further exact names that count as backend symbols. */
  extraSymbols: string[];
  /** Function or macro names whose call marks the calling body as a stub. */
  stubMarkers: string[];
  /**
   * Function-like macros that expand to definitions, written like a `-D` option:
   * `SYSCALL_STUB(x)=extern "C" long syscall_SYS_##x() { return -ENOSYS; }`.
   * Macros `#define`d in the backend's own files are picked up without this.
   */
  macros: string[];
}

export function defaultBackendConfig(overrides: Partial<BackendConfig> = {}): BackendConfig {
  return {
    naming: overrides.naming ?? DEFAULT_NAMING,
    extraSymbols: overrides.extraSymbols ?? [...DEFAULT_EXTRA_SYMBOLS],
    stubMarkers: overrides.stubMarkers ?? [...DEFAULT_STUB_MARKERS],
    macros: overrides.macros ?? [],
  };
}

/** Whether `name` is a backend symbol under `config`. */
export function isBackendSymbolName(name: string, config: BackendConfig): boolean {
  const { syscallPrefix, socketcallPrefix, dynamic } = config.naming;
  return (
    (name.startsWith(syscallPrefix) && name.length > syscallPrefix.length) ||
    (name.startsWith(socketcallPrefix) && name.length > socketcallPrefix.length) ||
    name === dynamic ||
    config.extraSymbols.includes(name)
  );
}
