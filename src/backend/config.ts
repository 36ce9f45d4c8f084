// What the backend reader looks for. Defaults follow IncludeOS (src/musl/*.cpp); every part is
// configurable so other unikernels with a different naming or stub convention can use the tool.

/**
 * Backend symbols that are neither `<prefix><SYS name>` nor `socketcall_<op>`:
 * - `syscall_n`: the dynamic-number entry point (`syscall_n(nr, a, b, c, d, e, f)`, number first).
 * - `syscall_nr`: referenced by the hand-made IncludeOS musl layer; kept so old backends are read fully.
 */
export const DEFAULT_EXTRA_SYMBOLS = ['syscall_n', 'syscall_nr'] as const;

/** Calls that mark a body as a stub: IncludeOS's `stubtrace(fn, "name", args...)` template and `STUB("name")` macro. */
export const DEFAULT_STUB_MARKERS = ['stubtrace', 'STUB'] as const;

export const DEFAULT_PREFIX = 'syscall_SYS_';
export const SOCKETCALL_PREFIX = 'socketcall_';

export interface BackendConfig {
  /** Prefix of per-syscall symbols (`syscall_SYS_` → `syscall_SYS_write`). */
  prefix: string;
  /** Further exact names that count as backend symbols (besides prefix and `socketcall_*`). */
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
    prefix: overrides.prefix ?? DEFAULT_PREFIX,
    extraSymbols: overrides.extraSymbols ?? [...DEFAULT_EXTRA_SYMBOLS],
    stubMarkers: overrides.stubMarkers ?? [...DEFAULT_STUB_MARKERS],
    macros: overrides.macros ?? [],
  };
}

/** Whether `name` is a backend symbol under `config`. */
export function isBackendSymbolName(name: string, config: BackendConfig): boolean {
  return (
    (name.startsWith(config.prefix) && name.length > config.prefix.length) ||
    (name.startsWith(SOCKETCALL_PREFIX) && name.length > SOCKETCALL_PREFIX.length) ||
    config.extraSymbols.includes(name)
  );
}
