// Walks one parsed file and records every function definition (backend symbols and the helpers
// they may forward to), plus declarations that matter: prototypes (parameter types), weak
// declarations and `alias("target")` definitions. Produces plain data; the tree can be freed after.
import type { Node, Tree } from 'web-tree-sitter';
import { archesOf } from './arch-conditions.js';
import { shapeOfBody, type BodyShape } from './body-shape.js';

export interface FunctionRecord {
  name: string;
  /** Line offset already applied (macro expansions report the invocation's line). */
  line: number;
  /** Parameter types as written; null when variadic or unspecified (C's `f()`). */
  params: string[] | null;
  /** The return type as written (`int`, `void*`, `off_t`); null when it cannot be read. */
  returns: string | null;
  isStatic: boolean;
  weak: boolean;
  /** Inside `extern "C"` (or a C file), so the name is not mangled. */
  cLinkage: boolean;
  /** Arches the surrounding `#if`s compile it for; null: no arch condition. */
  arches: string[] | null;
  shape: BodyShape;
}

export interface DeclarationRecord {
  name: string;
  line: number;
  params: string[] | null;
  returns: string | null;
  weak: boolean;
  cLinkage: boolean;
  /** `__attribute__((alias("target")))`: the declaration defines `name` as `target`. */
  aliasOf: string | null;
  arches: string[] | null;
}

export interface FileRecords {
  functions: FunctionRecord[];
  declarations: DeclarationRecord[];
  /** `#pragma weak name` */
  pragmaWeak: string[];
  /** `typedef T name;` and C++ `using name = T;`: what the ABI check resolves declared types through. */
  typedefs: TypedefRecord[];
  /** 1-based lines of ERROR / MISSING nodes. */
  errorLines: number[];
  /** The same errors as line ranges (1-based, inclusive), for naming what they hide. */
  errorRegions: ErrorRegion[];
}

export interface TypedefRecord {
  name: string;
  /** The aliased type as written (`unsigned long`, `int *`). */
  type: string;
}

export interface ErrorRegion {
  line: number;
  endLine: number;
}

export interface ExtractOptions {
  isCFile: boolean;
  stubMarkers: string[];
  /** Added to tree line numbers (0 for whole files). */
  lineOffset?: number;
  /** Overrides every line (macro expansions are reported at the invocation). */
  fixedLine?: number;
}

export function extractRecords(tree: Tree, options: ExtractOptions): FileRecords {
  const records: FileRecords = { functions: [], declarations: [], pragmaWeak: [], typedefs: [], errorLines: [], errorRegions: [] };
  const lineOf = (node: Node) => options.fixedLine ?? node.startPosition.row + 1 + (options.lineOffset ?? 0);
  const stack: Node[] = [tree.rootNode];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'ERROR') continue; // what is inside an error region is not trusted
    if (node.type === 'function_definition') {
      if (node.hasError) continue; // a definition with a parse error inside is not trusted either
      const fn = functionRecord(node, options, lineOf(node));
      if (fn) records.functions.push(fn);
      continue; // nested functions do not exist in C/C++; lambdas are not symbols
    }
    if (node.type === 'declaration' && !insideBody(node)) {
      for (const d of declarationRecords(node, options, lineOf(node))) records.declarations.push(d);
      continue;
    }
    if ((node.type === 'type_definition' || node.type === 'alias_declaration') && !insideBody(node)) {
      const typedef = typedefRecord(node);
      if (typedef) records.typedefs.push(typedef);
      continue;
    }
    if (node.type === 'preproc_call') {
      const weak = pragmaWeakName(node.text);
      if (weak) records.pragmaWeak.push(weak);
      continue;
    }
    if (node.type === 'gnu_asm_expression' && !insideBody(node)) {
      for (const d of asmDefinitions(node, lineOf(node))) records.functions.push(d);
      continue;
    }
    // Class bodies hold methods, which are never C symbols.
    if (node.type === 'field_declaration_list') continue;
    for (let i = node.namedChildCount - 1; i >= 0; i--) stack.push(node.namedChild(i)!);
  }
  const line = (row: number) => options.fixedLine ?? row + 1 + (options.lineOffset ?? 0);
  const errors = errorNodes(tree.rootNode);
  records.errorLines = [...new Set(errors.map((e) => e.startPosition.row))].sort((a, b) => a - b).map(line);
  records.errorRegions = errors.map((e) => ({ line: line(e.startPosition.row), endLine: line(e.endPosition.row) }));
  return records;
}

/** ERROR and MISSING nodes, outermost only, visiting only subtrees that contain errors. */
function errorNodes(root: Node): Node[] {
  const found: Node[] = [];
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'ERROR' || node.isMissing) {
      found.push(node);
      continue;
    }
    for (const child of node.children) if (child && (child.hasError || child.isMissing)) stack.push(child);
  }
  return found.sort((a, b) => a.startIndex - b.startIndex);
}

function functionRecord(node: Node, options: ExtractOptions, line: number): FunctionRecord | null {
  const declarator = functionDeclaratorOf(node.childForFieldName('declarator'));
  const nameNode = declarator?.childForFieldName('declarator');
  const body = node.childForFieldName('body');
  if (!declarator || nameNode?.type !== 'identifier' || !body) return null;
  return {
    name: nameNode.text,
    line,
    params: parameterTypes(declarator, options.isCFile),
    returns: returnType(node, node.childForFieldName('declarator'), declarator),
    isStatic: node.namedChildren.some((c) => c?.type === 'storage_class_specifier' && c.text === 'static'),
    weak: isWeak(node.text.slice(0, body.startIndex - node.startIndex)),
    cLinkage: options.isCFile || hasCLinkage(node),
    arches: archesOf(node),
    shape: shapeOfBody(body, options.stubMarkers),
  };
}

function declarationRecords(node: Node, options: ExtractOptions, line: number): DeclarationRecord[] {
  const found: DeclarationRecord[] = [];
  const isWeakDecl = isWeak(node.text);
  for (const child of node.childrenForFieldName('declarator')) {
    const declarator = functionDeclaratorOf(child);
    const nameNode = declarator?.childForFieldName('declarator');
    if (!declarator || nameNode?.type !== 'identifier') continue;
    found.push({
      name: nameNode.text,
      line,
      params: parameterTypes(declarator, options.isCFile),
      returns: returnType(node, child, declarator),
      weak: isWeakDecl,
      cLinkage: options.isCFile || hasCLinkage(node),
      aliasOf: /\balias\s*\(\s*"([^"]+)"\s*\)/.exec(node.text)?.[1] ?? null,
      arches: archesOf(node),
    });
  }
  return found;
}

/** `typedef unsigned long nfds_t;`, `typedef int *intp;`, `using fd_t = int;`; aggregates and function types are skipped. */
function typedefRecord(node: Node): TypedefRecord | null {
  if (node.type === 'alias_declaration') {
    const name = node.childForFieldName('name');
    const type = node.childForFieldName('type');
    return name && type ? { name: name.text, type: normalizeType(type.text) } : null;
  }
  const type = node.childForFieldName('type');
  const declarator = node.childForFieldName('declarator');
  if (!type || !declarator || /_specifier$/.test(type.type) && type.childForFieldName('body')) return null;
  let stars = '';
  let d: Node | null = declarator;
  while (d?.type === 'pointer_declarator') {
    stars += '*';
    d = d.childForFieldName('declarator');
  }
  if (d?.type !== 'type_identifier') return null;
  const qualifiers = node.namedChildren.filter((c) => c?.type === 'type_qualifier').map((c) => c!.text);
  return { name: d.text, type: normalizeType([...qualifiers, type.text, stars].join(' ')) };
}

/**
 * Functions a file-scope `__asm__("...")` block defines: each `.global`/`.globl` name that also
 * has a label there. Assembly is taken as implemented (nothing in it says stub) and its
 * parameters are unknown.
 */
function asmDefinitions(node: Node, line: number): FunctionRecord[] {
  const code = node.childForFieldName('assembly_code');
  if (!code) return [];
  const strings = code.type === 'concatenated_string' ? code.namedChildren : [code];
  const text = strings.map((s) => (s?.type === 'string_literal' ? s.text.slice(1, -1) : '')).join('').replace(/\\n|;/g, '\n');
  const labels = new Set([...text.matchAll(/^\s*([A-Za-z_][\w.]*):/gm)].map((m) => m[1]));
  const globals = [...text.matchAll(/^\s*\.globa?l\s+([A-Za-z_][\w.]*)/gm)].map((m) => m[1]);
  return globals
    .filter((name) => labels.has(name))
    .map((name) => ({ name, line, params: null, returns: null, isStatic: false, weak: false, cLinkage: true, arches: archesOf(node), shape: { kind: 'other' } as const }));
}

/**
 * The declared return type: the specifier (with its qualifiers) plus the pointer and reference
 * declarators between the name and it (`void* f()`, `const char *f()`), or a trailing return type
 * (`auto f() -> long`).
 */
function returnType(node: Node, declarator: Node | null, functionDeclarator: Node): string | null {
  const type = node.childForFieldName('type');
  if (!type) return null;
  const trailing = functionDeclarator.namedChildren.find((c) => c?.type === 'trailing_return_type');
  if (type.text === 'auto' && trailing) return normalizeType(trailing.text.replace(/^->/, ''));
  const qualifiers = node.namedChildren.filter((c) => c?.type === 'type_qualifier').map((c) => c!.text);
  const indirections: string[] = [];
  // A declaration's declarator may be an init_declarator holding the function declarator.
  const top = declarator?.type === 'init_declarator' ? declarator.childForFieldName('declarator') : declarator;
  for (let d = top; d && d.id !== functionDeclarator.id; ) {
    if (d.type === 'pointer_declarator') indirections.push(`*${d.namedChildren.filter((c) => c?.type === 'type_qualifier').map((c) => ` ${c!.text}`).join('')}`);
    else if (d.type === 'reference_declarator') indirections.push(d.text.startsWith('&&') ? '&&' : '&');
    d = d.childForFieldName('declarator') ?? d.namedChildren.find((c) => c !== null && c.type.endsWith('declarator')) ?? null;
  }
  return normalizeType([...qualifiers, type.text, ...indirections].join(' '));
}

/** Descends pointer/reference/parenthesized/attributed declarators to the function declarator. */
function functionDeclaratorOf(node: Node | null): Node | null {
  let current = node;
  while (current) {
    if (current.type === 'function_declarator') return current;
    const inner: Node | null =
      current.childForFieldName('declarator') ??
      (['reference_declarator', 'parenthesized_declarator', 'attributed_declarator'].includes(current.type)
        ? current.namedChildren.find((c) => c !== null && c.type.endsWith('declarator')) ?? null
        : null);
    if (inner === current) return null;
    current = inner;
  }
  return null;
}

function parameterTypes(declarator: Node, isCFile: boolean): string[] | null {
  const list = declarator.childForFieldName('parameters');
  if (!list) return null;
  if (list.children.some((c) => c?.type === '...' || c?.type === 'variadic_parameter')) return null;
  const params = list.namedChildren.filter((c): c is Node => c !== null && c.type.endsWith('parameter_declaration'));
  if (params.length === 0) return isCFile ? null : []; // C's `f()` says nothing about parameters
  const types = params.map(typeOfParameter);
  return types.length === 1 && types[0] === 'void' ? [] : types;
}

/** The parameter's text without its name, comments, attributes or default value. */
function typeOfParameter(param: Node): string {
  const nameNode = innermostIdentifier(param.childForFieldName('declarator'));
  let text = param.text;
  if (nameNode) {
    const from = nameNode.startIndex - param.startIndex;
    text = text.slice(0, from) + text.slice(from + nameNode.text.length);
  }
  const defaultValue = param.childForFieldName('default_value');
  if (defaultValue) text = text.slice(0, text.lastIndexOf('='));
  return normalizeType(text);
}

function innermostIdentifier(node: Node | null): Node | null {
  if (!node) return null;
  if (node.type === 'identifier') return node;
  const inner = node.childForFieldName('declarator') ?? node.namedChildren.find((c) => c !== null && /declarator|identifier/.test(c.type)) ?? null;
  return innermostIdentifier(inner);
}

export function normalizeType(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\/\/[^\n]*/g, ' ')
    .replace(/\[\[[\s\S]*?\]\]/g, ' ')
    .replace(/__attribute__\s*\(\([\s\S]*?\)\)/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/\s*([*&])\s*/g, '$1')
    .replace(/([*&])(?=[A-Za-z_])/g, '$1 ')
    .replace(/\s*\[\s*/g, '[')
    .trim();
}

function isWeak(headerText: string): boolean {
  return /__attribute__\s*\(\([^;{]*\bweak\b/.test(headerText) || /\[\[\s*gnu::weak\s*\]\]/.test(headerText) || /\b__weak\b/.test(headerText);
}

function hasCLinkage(node: Node): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'linkage_specification') return /"C"/.test(p.childForFieldName('value')?.text ?? '');
  }
  return false;
}

function insideBody(node: Node): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'compound_statement' || p.type === 'field_declaration_list') return true;
  }
  return false;
}

function pragmaWeakName(text: string): string | null {
  return /^#\s*pragma\s+weak\s+([A-Za-z_]\w*)/.exec(text)?.[1] ?? null;
}
