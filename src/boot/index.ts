// The boot stage: a C program on a (patched) musl, linked with the ring-0 test kernel and booted
// under qemu-system, where any trap instruction left is a reported fault.
export { boot, parseBootArch, DEFAULT_PROGRAM } from './boot.js';
export * from './types.js';
export { ring0Coverage, ring0Stubs, ring0BackendFiles, RING0_STUB_MARKER } from './backend-stubs.js';
export { RING0_DIR } from './toolchain.js';
