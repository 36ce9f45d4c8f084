// What a function body does, as far as stub detection cares: it is a stub (returns a constant
// negative errno, or calls a stub marker), it only forwards to other functions (resolved later,
// across files), or it does something else (implemented).
import type { Node } from 'web-tree-sitter';

export type BodyShape =
  | { kind: 'stub'; reason: string }
  | { kind: 'forward'; targets: string[] }
  | { kind: 'other' };

/** `-ENOSYS`, `-EINVAL`, `-38`: a constant negative errno value. */
const ERRNO_NAME = /^E[A-Z0-9]+$/;

export function shapeOfBody(body: Node, stubMarkers: string[]): BodyShape {
  const marker = markerCall(body, stubMarkers);
  if (marker) return { kind: 'stub', reason: `calls ${marker}` };
  const statements = body.namedChildren.filter((s): s is Node => s !== null && !isIgnorable(s));
  if (statements.length === 1 && statements[0].type === 'return_statement') {
    const value = unwrap(statements[0].namedChildren[0] ?? null);
    if (value && isNegativeErrno(value)) return { kind: 'stub', reason: `returns ${value.text}` };
  }
  // `errno = ENOSYS; return -1;` — the libc convention, seen in C backends.
  if (statements.length === 2 && isErrnoAssignment(statements[0]) && statements[1].type === 'return_statement') {
    const value = unwrap(statements[1].namedChildren[0] ?? null);
    if (value?.text.replace(/\s/g, '') === '-1') return { kind: 'stub', reason: `sets errno to ${errnoAssigned(statements[0])}` };
  }
  if (statements.length === 1) {
    const call = forwardedCall(statements[0]);
    if (call) return { kind: 'forward', targets: callTargets(call) };
  }
  return { kind: 'other' };
}

function markerCall(body: Node, markers: string[]): string | null {
  if (markers.length === 0) return null;
  for (const call of body.descendantsOfType('call_expression')) {
    const name = calleeName(call);
    if (name && markers.includes(name)) return name;
  }
  return null;
}

/** The called name: `f(...)`, `ns::f(...)`, `f<T>(...)`. */
function calleeName(call: Node): string | null {
  let fn = call.childForFieldName('function');
  if (fn?.type === 'template_function') fn = fn.childForFieldName('name');
  if (fn?.type === 'qualified_identifier') return fn.text.split('::').at(-1)!.replace(/<.*$/s, '').trim();
  return fn?.type === 'identifier' ? fn.text : null;
}

/** Comments, empty statements and `(void)param;` casts do not change what a body does. */
function isIgnorable(statement: Node): boolean {
  if (statement.type === 'comment' || statement.text.trim() === ';') return true;
  if (statement.type !== 'expression_statement') return false;
  const expr = statement.namedChildren[0];
  return expr?.type === 'cast_expression' && /^\(\s*void\s*\)/.test(expr.text);
}

/** Strips parentheses and casts: `(long)(-ENOSYS)` → `-ENOSYS`. */
function unwrap(node: Node | null): Node | null {
  let current = node;
  while (current && (current.type === 'parenthesized_expression' || current.type === 'cast_expression')) {
    current = current.type === 'cast_expression' ? current.childForFieldName('value') : current.namedChildren[0];
  }
  return current;
}

function isNegativeErrno(value: Node): boolean {
  if (value.type === 'number_literal') return /^-\s*\d+$/.test(value.text);
  if (value.type !== 'unary_expression' || !value.text.trim().startsWith('-')) return false;
  const operand = unwrap(value.childForFieldName('argument'));
  return !!operand && ((operand.type === 'identifier' && ERRNO_NAME.test(operand.text)) || operand.type === 'number_literal');
}

function isErrnoAssignment(statement: Node): boolean {
  return errnoAssigned(statement) !== null;
}

function errnoAssigned(statement: Node): string | null {
  const expr = statement.type === 'expression_statement' ? statement.namedChildren[0] : null;
  if (expr?.type !== 'assignment_expression' || expr.childForFieldName('left')?.text !== 'errno') return null;
  const right = unwrap(expr.childForFieldName('right'));
  return right?.type === 'identifier' && ERRNO_NAME.test(right.text) ? right.text : null;
}

/** `return f(...);`, `f(...);` or `return (long) f(...);` → the call. */
function forwardedCall(statement: Node): Node | null {
  const expr =
    statement.type === 'return_statement' || statement.type === 'expression_statement' ? unwrap(statement.namedChildren[0] ?? null) : null;
  return expr?.type === 'call_expression' ? expr : null;
}

/** The callee plus every plain identifier argument (`strace(sys_mlock, "mlock", addr, len)` passes `sys_mlock`). */
function callTargets(call: Node): string[] {
  const targets: string[] = [];
  const callee = calleeName(call);
  if (callee) targets.push(callee);
  for (const arg of call.childForFieldName('arguments')?.namedChildren ?? []) {
    if (arg?.type === 'identifier') targets.push(arg.text);
  }
  return targets;
}
