// How backend functions are named: the one naming contract of the scanner (each site's backend
// symbol), the rewrite (the generated headers and assembly), the backend reader (which definitions
// count), the build's nm check and boot's link check. The patched musl pastes each site's SYS_
// token onto a fixed key (`syscall_SYS_read`, `socketcall_connect`); the generated per-arch header
// maps every key to the backend's function name, so the names can change without touching the
// macro layer.

export interface BackendNaming {
  /** Prefix that replaces `SYS_`'s owner: `syscall_SYS_` turns `SYS_read` into `syscall_SYS_read`. */
  syscallPrefix: string;
  /** Prefix for socket calls: `socketcall_` turns `socketcall(connect, ...)` into `socketcall_connect`. */
  socketcallPrefix: string;
  /** The function called with the number first when it is only known at run time. */
  dynamic: string;
  /** The function behind musl's `__clone(func, stack, flags, arg, ptid, tls, ctid)`. */
  clone: string;
}

export const DEFAULT_NAMING: BackendNaming = {
  syscallPrefix: 'syscall_SYS_',
  socketcallPrefix: 'socketcall_',
  dynamic: 'syscall_n',
  clone: 'syscall_clone',
};

const KEY_SYSCALL = 'syscall_SYS_';
const KEY_SOCKETCALL = 'socketcall_';

/** The key the macro layer pastes for a site: `SYS_read` → `syscall_SYS_read`. */
export function syscallKey(sysToken: string): string {
  return KEY_SYSCALL + sysToken.replace(/^SYS_/, '');
}

export function socketcallKey(op: string): string {
  return KEY_SOCKETCALL + op;
}

export function isBackendKey(key: string): boolean {
  return /^syscall_SYS_\w+$/.test(key) || /^socketcall_\w+$/.test(key);
}

/** The `SYS_*` token a key was pasted from (`SYS_connect` for a socket call), null if not a key. */
export function sysTokenOfKey(key: string): string | null {
  if (key.startsWith(KEY_SYSCALL)) return 'SYS_' + key.slice(KEY_SYSCALL.length);
  if (key.startsWith(KEY_SOCKETCALL)) return 'SYS_' + key.slice(KEY_SOCKETCALL.length);
  return null;
}

/** The backend function name for a key under a naming. */
export function functionName(key: string, naming: BackendNaming): string {
  if (key.startsWith(KEY_SYSCALL)) return naming.syscallPrefix + key.slice(KEY_SYSCALL.length);
  if (key.startsWith(KEY_SOCKETCALL)) return naming.socketcallPrefix + key.slice(KEY_SOCKETCALL.length);
  throw new Error(`not a backend key: ${key}`);
}

export function isDefaultNaming(n: BackendNaming): boolean {
  return (Object.keys(DEFAULT_NAMING) as (keyof BackendNaming)[]).every((k) => n[k] === DEFAULT_NAMING[k]);
}

/** Validate a user-supplied naming: every name must be a C identifier (prefixes may end in `_`). */
export function checkNaming(naming: BackendNaming): string | null {
  const ident = /^[A-Za-z_][A-Za-z0-9_]*$/;
  for (const [field, value] of Object.entries(naming)) {
    if (!ident.test(value)) return `${field} "${value}" is not a C identifier`;
  }
  return null;
}

/** Whether `name` is a backend function under `naming`: a prefixed name, the run-time-number or the clone function. */
export function isBackendFunction(name: string, naming: BackendNaming = DEFAULT_NAMING): boolean {
  return name.startsWith(naming.syscallPrefix) || name.startsWith(naming.socketcallPrefix) || name === naming.dynamic || name === naming.clone;
}
