// What musl does with the value a syscall call returns, and the C types of the values it passes:
// the facts the ABI check of a backend compares a definition's declared types with. Read from the
// parse tree at the call, arch-independent (widths are the check's business); anything not
// decidable from the code around the call is null, never guessed.

import type { Node } from 'web-tree-sitter';

/**
 * How the result is used before anything else reads it:
 * - `none`: discarded (`__syscall(SYS_exit, ec);`);
 * - `narrow`: converted to `type` first (`int r = __syscall(...)`, `return __syscall(...)` in an
 *   `int` function, a cast): a narrower return type loses nothing the code looks at;
 * - `full`: read as the `long` it is (through `__syscall_ret`, in a comparison, as a call argument);
 *   `type` is what it finally becomes, when the code says (`mode_t umask(...) { return syscall(...); }`).
 */
export interface ResultUse {
  read: 'none' | 'narrow' | 'full';
  type: string | null;
}

/** A written argument: its C type (null when unknown) and whether musl splits it for 32-bit arches (`__SYSCALL_LL_E/O`). */
export interface ArgumentType {
  type: string | null;
  split: boolean;
}

/** Macros that hand the raw result to `__syscall_ret` (musl's src/internal/syscall.h). */
const APPLIES_SYSCALL_RET = /^(?:syscall|syscall_cp|socketcall|socketcall_cp|sys_[a-z0-9_]+)$/;
const SPLIT_64 = /^__SYSCALL_LL_[EO]$/;
const STATEMENT_KEYWORDS = new Set(['else', 'return', 'if', 'while', 'do', 'for', 'case', 'goto', 'switch', 'break', 'continue']);
/** Operators whose result, truncated, equals the truncated operands': narrowing afterwards is the same as before. */
const MODULAR = new Set(['+', '-', '*', '&', '|', '^', '<<', '~']);

export function resultUse(call: Node, callee: string): ResultUse {
  const context = valueContext(call);
  if (APPLIES_SYSCALL_RET.test(callee)) return { read: 'full', type: context.read === 'none' ? null : context.type };
  return context;
}

/** Where the value of `expr` goes. */
function valueContext(expr: Node): ResultUse {
  let node = expr;
  for (let parent = node.parent; parent; node = parent, parent = parent.parent) {
    switch (parent.type) {
      case 'parenthesized_expression':
        continue;
      case 'expression_statement':
        return { read: 'none', type: null };
      case 'comma_expression':
        if (parent.childForFieldName('left')?.id === node.id) return { read: 'none', type: null };
        continue;
      case 'cast_expression': {
        const type = typeText(parent.childForFieldName('type'));
        return type === 'void' ? { read: 'none', type: null } : { read: 'narrow', type };
      }
      case 'unary_expression':
        if (MODULAR.has(parent.childForFieldName('operator')?.text ?? '')) continue;
        return { read: 'full', type: null };
      case 'binary_expression':
        if (MODULAR.has(parent.childForFieldName('operator')?.text ?? '')) continue;
        return { read: 'full', type: null };
      case 'conditional_expression':
        if (parent.childForFieldName('condition')?.id === node.id) return { read: 'full', type: null };
        continue;
      case 'init_declarator': {
        const declaration = parent.parent;
        const declarator = parent.childForFieldName('declarator');
        return { read: 'narrow', type: declaration && declarator ? declaredType(declaration, declarator) : null };
      }
      case 'assignment_expression': {
        if (parent.childForFieldName('right')?.id !== node.id) return { read: 'full', type: null };
        const left = parent.childForFieldName('left');
        const type = left?.type === 'identifier' ? typeOfIdentifier(left) : null;
        // Compound assignments (`r |= ...`) read the value at the target's type too.
        return type ? { read: 'narrow', type } : { read: 'full', type: null };
      }
      case 'return_statement': {
        const fn = enclosing(parent, 'function_definition');
        const declarator = fn?.childForFieldName('declarator');
        return { read: 'narrow', type: fn && declarator ? declaredType(fn, declarator, true) : null };
      }
      default:
        return { read: 'full', type: null };
    }
  }
  return { read: 'full', type: null };
}

/** Types of the arguments after the first (the syscall number or socket op). */
export function argumentTypes(call: Node): ArgumentType[] {
  const list = call.childForFieldName('arguments');
  if (!list) return [];
  return list.namedChildren
    .filter((c): c is Node => c !== null && c.type !== 'comment')
    .slice(1)
    .map((arg) => {
      const inner = unparenthesize(arg);
      if (inner.type === 'call_expression' && SPLIT_64.test(inner.childForFieldName('function')?.text ?? '')) {
        const value = inner.childForFieldName('arguments')?.namedChildren.find((c) => c !== null) ?? null;
        return { type: value ? expressionType(value) : null, split: true };
      }
      return { type: expressionType(arg), split: false };
    });
}

/** The C type of an expression when the code states it; null otherwise. */
function expressionType(expr: Node): string | null {
  const e = unparenthesize(expr);
  switch (e.type) {
    case 'identifier':
      return typeOfIdentifier(e);
    case 'number_literal':
      return literalType(e.text);
    case 'char_literal':
      return 'int';
    case 'string_literal':
    case 'concatenated_string':
      return 'char *';
    case 'cast_expression':
      return typeText(e.childForFieldName('type'));
    case 'sizeof_expression':
      return 'size_t';
    case 'pointer_expression': {
      const operand = e.childForFieldName('argument');
      return e.childForFieldName('operator')?.text === '&' && operand ? 'void *' : null;
    }
    case 'unary_expression': {
      const operand = e.childForFieldName('argument');
      const op = e.childForFieldName('operator')?.text;
      return operand && (op === '-' || op === '~' || op === '+') ? expressionType(operand) : op === '!' ? 'int' : null;
    }
    case 'conditional_expression': {
      const a = e.childForFieldName('consequence');
      const b = e.childForFieldName('alternative');
      const ta = a ? expressionType(a) : null;
      return ta !== null && b && expressionType(b) === ta ? ta : null;
    }
    default:
      return null;
  }
}

function literalType(text: string): string | null {
  const suffix = /[uUlL]*$/.exec(text)?.[0].toLowerCase() ?? '';
  if (/[.eEpP]/.test(text) && !/^0[xX]/.test(text)) return null; // floating
  const longs = (suffix.match(/l/g) ?? []).length;
  const base = longs === 2 ? 'long long' : longs === 1 ? 'long' : 'int';
  return suffix.includes('u') ? `unsigned ${base}` : base;
}

function unparenthesize(node: Node): Node {
  let n = node;
  while (n.type === 'parenthesized_expression' && n.namedChildCount === 1) n = n.namedChild(0)!;
  return n;
}

function enclosing(node: Node, type: string): Node | null {
  for (let p = node.parent; p; p = p.parent) if (p.type === type) return p;
  return null;
}

/** The declared type of the identifier's nearest visible declaration (locals, parameters, file scope). */
function typeOfIdentifier(id: Node): string | null {
  const name = id.text;
  for (let scope = id.parent; scope; scope = scope.parent) {
    if (scope.type === 'compound_statement' || scope.type === 'translation_unit') {
      let found: string | null = null;
      for (const child of scope.namedChildren) {
        if (!child || child.startIndex >= id.startIndex) break;
        if (child.type !== 'declaration') continue;
        for (const d of child.childrenForFieldName('declarator')) if (d && declaredName(d) === name) found = declaredType(child, d);
      }
      if (found) return found;
    } else if (scope.type === 'function_definition') {
      const params = functionDeclarator(scope.childForFieldName('declarator'))?.childForFieldName('parameters');
      for (const p of params?.namedChildren ?? []) {
        const d = p?.childForFieldName('declarator');
        if (p?.type === 'parameter_declaration' && d && declaredName(d) === name) return declaredType(p, d);
      }
    } else if (scope.type === 'for_statement') {
      const init = scope.childForFieldName('initializer');
      if (init?.type === 'declaration') for (const d of init.childrenForFieldName('declarator')) if (d && declaredName(d) === name) return declaredType(init, d);
    }
  }
  return null;
}

/**
 * The type a declarator gives its name: the specifier with its qualifiers, plus `*` per pointer
 * declarator (arrays decay to pointers). With `returnType`, the return type of a function declarator.
 */
function declaredType(declaration: Node, declarator: Node, returnType = false): string | null {
  const specifier = declaration.childForFieldName('type');
  // `else ret = ...` under preprocessor branches can parse as a declaration of type `else`.
  if (!specifier || STATEMENT_KEYWORDS.has(specifier.text)) return null;
  const words = declaration.namedChildren.filter((c) => c?.type === 'type_qualifier').map((c) => c!.text);
  words.push(typeText(specifier) ?? specifier.text);
  for (let d: Node | null = declarator; d; ) {
    if (d.type === 'init_declarator') d = d.childForFieldName('declarator');
    else if (d.type === 'pointer_declarator') {
      words.push('*');
      d = d.childForFieldName('declarator');
    } else if (d.type === 'array_declarator') {
      words.push('*');
      d = d.childForFieldName('declarator');
    } else if (d.type === 'parenthesized_declarator') d = d.namedChild(0);
    else if (d.type === 'function_declarator') {
      // A function's name: its return type is what was collected; a pointer to function is a pointer.
      if (!returnType) return words.includes('*') ? 'void *' : null;
      d = d.childForFieldName('declarator');
    } else break;
  }
  return normalize(words.join(' '));
}

function functionDeclarator(node: Node | null): Node | null {
  for (let d = node; d; d = d.childForFieldName('declarator') ?? (d.type === 'parenthesized_declarator' ? d.namedChild(0) : null)) {
    if (d.type === 'function_declarator') return d;
  }
  return null;
}

function declaredName(node: Node): string | null {
  for (let n: Node | null = node; n; n = n.childForFieldName('declarator') ?? (n.type === 'parenthesized_declarator' ? n.namedChild(0) : null)) {
    if (n.type === 'identifier') return n.text;
  }
  return null;
}

/** A type node as words (`const char *`), or null when there is none. */
function typeText(node: Node | null): string | null {
  return node ? normalize(node.text) : null;
}

function normalize(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/\s*\*\s*/g, ' * ')
    .replace(/\s+/g, ' ')
    .replace(/\* \*/g, '* *')
    .trim();
}
