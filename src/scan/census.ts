// A tree-wide count of syscall-family call sites in C, for every arch at once and without the
// preprocessor: how DESIGN §4 counts musl (574 in 1.2.5). It also parses every C file and header
// of the tree, which is how the tests show that no file of a release makes the parser throw.

import type { MuslTree } from '../model/index.js';
import { cParser } from '../util/parser.js';
import { isPrimitive, isSocketcall, isWrapper } from './classify.js';
import { extractDirectives } from '../c/index.js';
import { fileFacts } from './facts.js';
import { blankComments } from '../c/index.js';
import { listFiles } from './tree-files.js';
import { TreeIndex } from './tree-index.js';
import { lex, splitArguments } from '../c/index.js';

export interface Census {
  /** Files parsed (.c and .h under src, crt, ldso, arch). */
  files: number;
  /** Files whose parse tree has ERROR nodes (sites are still found). */
  filesWithParseErrors: number;
  /** Call sites: `SYS_` first argument, socket calls, wrappers, any other first argument. */
  sys: number;
  socketcall: number;
  wrapper: number;
  other: number;
  total: number;
  /** Wrapper calls by name (1.2.6 adds __sys_pause / sys_pause_cp to open and wait4). */
  wrappers: Record<string, number>;
}

const CENSUS_DIRS = ['src', 'crt', 'ldso', 'arch'];

export async function census(tree: MuslTree): Promise<Census> {
  const parser = await cParser();
  const index = new TreeIndex(tree.root, parser);
  const out: Census = { files: 0, filesWithParseErrors: 0, sys: 0, socketcall: 0, wrapper: 0, other: 0, total: 0, wrappers: {} };
  // Wrappers are the `(__)sys_*` macros of src/internal/syscall.h (posix_spawn's static __sys_dup2 is not one).
  const syscallH = 'src/internal/syscall.h';
  const wrappers = new Set(
    extractDirectives(blankComments(index.read(syscallH)), syscallH)
      .map((d) => d.macro?.name ?? '')
      .filter(isWrapper),
  );
  for (const file of listFiles(tree.root, CENSUS_DIRS)) {
    if (!/\.[ch]$/.test(file)) continue;
    const facts = fileFacts(file, index.read(file), parser);
    out.files++;
    if (facts.parseErrors) out.filesWithParseErrors++;
    for (const call of facts.calls) {
      // At file scope of a header there is no code: `hidden long __syscall_ret(unsigned long),
      // __syscall_cp(syscall_arg_t, ...);` in syscall.h is a prototype tree-sitter reads as a call.
      if (call.fn === null && file.endsWith('.h')) continue;
      if (wrappers.has(call.name)) {
        out.wrapper++;
        out.wrappers[call.name] = (out.wrappers[call.name] ?? 0) + 1;
      } else if (!isPrimitive(call.name)) continue;
      else if (isSocketcall(call.name)) out.socketcall++;
      else {
        const tokens = lex(facts.code.slice(call.start, call.end));
        const first = splitArguments(tokens, 1).args[0] ?? [];
        if (first.length === 1 && first[0].text.startsWith('SYS_')) out.sys++;
        else out.other++;
      }
      out.total++;
    }
  }
  return out;
}
