// Parameter counts of musl's public prototypes (include/sys/socket.h: `int connect(int, const
// struct sockaddr *, socklen_t);`). A socket call's sites always pass six arguments, but the
// Linux call behind `socketcall_connect` takes connect's three: a backend defining three is right.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Node } from 'web-tree-sitter';
import type { MuslTree } from '../model/index.js';
import { cParser } from '../util/parser.js';
import { readSourceTextAsync } from '../util/source-text.js';

/** Function name → parameter count, for every non-variadic prototype of a public header (none when a reduced tree lacks it). */
export async function publicArities(tree: MuslTree, header: string): Promise<Map<string, number>> {
  const file = path.join(tree.root, header);
  if (!existsSync(file)) return new Map();
  const text = await readSourceTextAsync(file, 'utf8', header);
  const parser = await cParser();
  const parsed = parser.parse(text);
  if (!parsed) return new Map();
  const out = new Map<string, number>();
  try {
    const stack: Node[] = [parsed.rootNode];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.type === 'function_declarator') {
        const name = node.childForFieldName('declarator');
        const params = node.childForFieldName('parameters');
        if (name?.type === 'identifier' && params && !params.children.some((c) => c?.type === '...')) {
          const list = params.namedChildren.filter((c) => c?.type === 'parameter_declaration');
          out.set(name.text, list.length === 1 && list[0]!.text.trim() === 'void' ? 0 : list.length);
        }
        continue;
      }
      for (const child of node.namedChildren) if (child) stack.push(child);
    }
  } finally {
    parsed.delete();
  }
  return out;
}

/** `socketcall_<op>` → the arity of the public function `<op>` (the Linux call's), for a naming's socket-call prefix. */
export async function socketcallArities(tree: MuslTree, socketcallPrefix = 'socketcall_'): Promise<Map<string, number>> {
  const arities = await publicArities(tree, 'include/sys/socket.h');
  return new Map([...arities].map(([name, n]) => [socketcallPrefix + name, n]));
}
