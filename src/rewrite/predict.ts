// The backend functions a patched libc.a must reference on one arch, from the rewrite alone:
// one per probed key (syscall_SYS_<token>, socketcall_<op>) the compiler does not drop, the run-time-number function when
// dynamic sites were rewritten, and what the rewritten assembly references (clone, sigreturn...).
// verifyLibc compares this with `nm -u`.

import type { RewriteResult } from './types.js';
import { functionName } from '../model/naming.js';
import type { ProbedFunction } from './probe.js';

/** The probed functions the compiled libc references on `arch`: the probe's, less the code the compiler drops. */
export function referencedFunctions(result: Pick<RewriteResult, 'probes' | 'unreferenced'>, arch: string): ProbedFunction[] {
  const probe = result.probes[arch];
  if (!probe) throw new Error(`the rewrite did not cover ${arch}`);
  const dropped = new Set(result.unreferenced[arch] ?? []);
  return probe.functions.filter((f) => !dropped.has(f.key));
}

export function predictedFunctions(result: Pick<RewriteResult, 'probes' | 'unreferenced' | 'asmFunctions' | 'dynamicSites' | 'naming'>, arch: string): string[] {
  const names = new Set(referencedFunctions(result, arch).map((f) => functionName(f.key, result.naming)));
  if (result.dynamicSites.length > 0) names.add(result.naming.dynamic);
  for (const refs of Object.values(result.asmFunctions[arch] ?? {})) for (const r of refs) names.add(r);
  return [...names].sort();
}
