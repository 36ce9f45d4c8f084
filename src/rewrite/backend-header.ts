// The generated C header layer of the patched musl.
//
// src/internal/syscall_backend.h (same for every arch) replaces musl's syscall macro family.
// Its first macro level pastes the site's first token onto a key (`syscall_##n`), so
// `SYS_fstatat` is kept as written: any intermediate macro would have expanded it to a number.
//
// arch/<arch>/syscall_backend_arch.h (generated per arch from the probed call sites) declares
// every backend function with a real prototype and defines `__bk_<key>`, which passes exactly
// the function's arity: shorter calls are padded with zeros, longer ones fail to compile.

import { DEFAULT_NAMING, functionName, type BackendNaming } from '../model/naming.js';

export const GENERIC_HEADER_PATH = 'src/internal/syscall_backend.h';
export const ARCH_HEADER_NAME = 'syscall_backend_arch.h';
export const archHeaderPath = (arch: string): string => `arch/${arch}/${ARCH_HEADER_NAME}`;

/** One backend function as the per-arch header declares it. */
export interface BackendPrototype {
  /** Macro-layer key: `syscall_SYS_read`, `socketcall_connect`. */
  key: string;
  /** Most arguments any site passes (after per-arch macros such as `__SYSCALL_LL_E` expanded). */
  arity: number;
}

export function renderGenericHeader(naming: BackendNaming = DEFAULT_NAMING): string {
  return `/* musl-patch: every system call is a plain C call into the kernel's backend.
 *
 *   __syscall(SYS_x, a, b)   -> ${functionName('syscall_SYS_x', naming)}(a, b)   (the SYS_ token as written)
 *   syscall(SYS_x, a, b)     -> __syscall_ret(${functionName('syscall_SYS_x', naming)}(a, b))
 *   __syscall_cp(SYS_x, ...) -> __syscall_cp(${functionName('syscall_SYS_x', naming)}, ...): musl's cancellation
 *                               point, with the backend function in place of the number
 *   socketcall(op, ...)      -> __syscall_ret(${functionName('socketcall_op', naming)}(...))
 *   a number known only at run time -> ${naming.dynamic}(nr, a, b, c, d, e, f)
 *
 * Backend functions return what the kernel would: a result, or -errno.
 * ${ARCH_HEADER_NAME} (generated per arch) declares them with their arity. */

#ifndef _INTERNAL_SYSCALL_BACKEND_H
#define _INTERNAL_SYSCALL_BACKEND_H

typedef long (*__backend_fn)(syscall_arg_t, syscall_arg_t, syscall_arg_t,
                             syscall_arg_t, syscall_arg_t, syscall_arg_t);

hidden long __syscall_cp(__backend_fn, syscall_arg_t, syscall_arg_t, syscall_arg_t,
                         syscall_arg_t, syscall_arg_t, syscall_arg_t);

long ${naming.dynamic}(long, long, long, long, long, long, long);

#include "${ARCH_HEADER_NAME}"

/* __bk_call(how, key, args...) hands the arguments, padded with six zeros, to the key's
 * arity macro __bk_<key>, which calls how(function, its arguments). */
#define __bk_call(how, ...) __bk_call_x(how, __VA_ARGS__, 0, 0, 0, 0, 0, 0)
#define __bk_call_x(how, key, ...) __bk_##key(how, __VA_ARGS__)
#define __bk_direct(f, ...) f(__VA_ARGS__)
#define __bk_cp(...) __bk_cp_x(__VA_ARGS__, 0, 0, 0, 0, 0, 0)
#define __bk_cp_x(f, a, b, c, d, e, g, ...) (__syscall_cp)((__backend_fn)(f), a, b, c, d, e, g)

/* More arguments than the arity leave a seventh one behind: make that a compile error. */
#define __bk_extra(...) __bk_extra_x(__VA_ARGS__, __bk_too_many_arguments, __bk_too_many_arguments, \\
	__bk_too_many_arguments, __bk_too_many_arguments, __bk_too_many_arguments, \\
	__bk_too_many_arguments, __bk_too_many_arguments, , , , , , , )
#define __bk_extra_x(_1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, x, ...) x

/* The first macro level pastes n before anything can expand it; the other arguments stay
 * ordinary (pre-expanded) so nested calls such as __syscall(SYS_kill, __syscall(SYS_getpid), 9)
 * work. __VA_OPT__ (GCC >= 8, clang >= 12) drops the comma of a call without arguments. */
#define __syscall(n, ...) __bk_call(__bk_direct, syscall_##n __VA_OPT__(,) __VA_ARGS__)
#define syscall(n, ...) __syscall_ret(__bk_call(__bk_direct, syscall_##n __VA_OPT__(,) __VA_ARGS__))
#define __syscall_cp(n, ...) __bk_call(__bk_cp, syscall_##n __VA_OPT__(,) __VA_ARGS__)
#define syscall_cp(n, ...) __syscall_ret(__bk_call(__bk_cp, syscall_##n __VA_OPT__(,) __VA_ARGS__))

#define __syscall0(n) __bk_call(__bk_direct, syscall_##n)
#define __syscall1(n,a) __bk_call(__bk_direct, syscall_##n, a)
#define __syscall2(n,a,b) __bk_call(__bk_direct, syscall_##n, a, b)
#define __syscall3(n,a,b,c) __bk_call(__bk_direct, syscall_##n, a, b, c)
#define __syscall4(n,a,b,c,d) __bk_call(__bk_direct, syscall_##n, a, b, c, d)
#define __syscall5(n,a,b,c,d,e) __bk_call(__bk_direct, syscall_##n, a, b, c, d, e)
#define __syscall6(n,a,b,c,d,e,f) __bk_call(__bk_direct, syscall_##n, a, b, c, d, e, f)

#define __syscall_cp0(n) __bk_call(__bk_cp, syscall_##n)
#define __syscall_cp1(n,a) __bk_call(__bk_cp, syscall_##n, a)
#define __syscall_cp2(n,a,b) __bk_call(__bk_cp, syscall_##n, a, b)
#define __syscall_cp3(n,a,b,c) __bk_call(__bk_cp, syscall_##n, a, b, c)
#define __syscall_cp4(n,a,b,c,d) __bk_call(__bk_cp, syscall_##n, a, b, c, d)
#define __syscall_cp5(n,a,b,c,d,e) __bk_call(__bk_cp, syscall_##n, a, b, c, d, e)
#define __syscall_cp6(n,a,b,c,d,e,f) __bk_call(__bk_cp, syscall_##n, a, b, c, d, e, f)

#define __socketcall(nm,a,b,c,d,e,f) __bk_call(__bk_direct, socketcall_##nm, a, b, c, d, e, f)
#define __socketcall_cp(nm,a,b,c,d,e,f) __bk_call(__bk_cp, socketcall_##nm, a, b, c, d, e, f)
#define socketcall(nm,a,b,c,d,e,f) __syscall_ret(__bk_call(__bk_direct, socketcall_##nm, a, b, c, d, e, f))
#define socketcall_cp(nm,a,b,c,d,e,f) __syscall_ret(__bk_call(__bk_cp, socketcall_##nm, a, b, c, d, e, f))

#endif
`;
}

const PARAMS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l'];

/** One `__bk_<key>` arity macro plus the prototype it calls. */
export function renderPrototype(proto: BackendPrototype, naming: BackendNaming = DEFAULT_NAMING): string {
  if (proto.arity > PARAMS.length) throw new Error(`${proto.key}: arity ${proto.arity} is more than a syscall can take`);
  const name = functionName(proto.key, naming);
  const params = PARAMS.slice(0, proto.arity);
  const decl = `long ${name}(${proto.arity === 0 ? 'void' : params.map(() => 'long').join(', ')});`;
  const args = params.map((p) => `, __scc(${p})`).join('');
  const macroParams = ['how', ...params, '...'].join(', ');
  return `${decl}\n#define __bk_${proto.key}(${macroParams}) how(${name}${args}) __bk_extra(__VA_ARGS__)\n`;
}

export function renderArchHeader(
  version: string,
  arch: string,
  prototypes: BackendPrototype[],
  naming: BackendNaming = DEFAULT_NAMING,
): string {
  const sorted = [...prototypes].sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  const body = sorted.map((p) => renderPrototype(p, naming)).join('');
  return `/* Generated by musl-patch from the system call sites of musl ${version} on ${arch}.
 * One backend function per SYS_ token as written (and per socket call); its arity is the most
 * arguments any site passes. ${sorted.length} functions. */

${body}`;
}
