// Facts of the files of one musl tree, loaded on demand and shared by every arch scanned.
// Only files that can hold a site are parsed with tree-sitter: the names that can lead to a
// syscall (the macro family, wrappers, macros and header functions that use them, inline asm)
// are found first from the headers, and a source that mentions none of them has no site.

import { join } from 'node:path';
import type { Parser } from 'web-tree-sitter';
import { UserError } from '../util/errors.js';
import { readSourceText } from '../util/source-text.js';
import { listFiles, TREE_DIRS } from './tree-files.js';
import { isPrimitive, isWrapper } from './classify.js';
import { extractDirectives, type Directive, type MacroDefinition } from '../c/index.js';
import { fileFacts, languageOf, type FileFacts } from './facts.js';
import { blankComments } from '../c/index.js';
import { lex, type Token } from '../c/index.js';
import { decodeAsmString, hasTrapOnAnyArch } from '../arch/index.js';

const ASM_NAMES = ['__asm__', '__asm', 'asm'];

export class TreeIndex {
  private readonly cache = new Map<string, FileFacts | null>();
  private readonly macrosByName = new Map<string, MacroDefinition[]>();
  /** Names whose call can lead to a syscall or a trap. */
  readonly interesting = new Set<string>();
  private mention: RegExp = /$^/;

  /** `files`: the tree's listing (listFiles(root, TREE_DIRS)) when the caller already has it. */
  constructor(
    readonly root: string,
    private readonly parser: Parser,
    files?: string[],
  ) {
    if (files) this.files = new Set(files);
  }

  /**
   * Reads the headers once to learn which names can reach a syscall. With `arches`, headers of
   * other arches are left out (m68k's pthread_arch.h calls __syscall in __get_tp; x86_64 must not
   * inherit that).
   */
  prepare(arches?: string[]): void {
    const otherArch = (f: string) => arches !== undefined && /^arch\/[^/]+\//.test(f) && !f.startsWith('arch/generic/') && !arches.some((a) => f.startsWith(`arch/${a}/`));
    this.files ??= new Set(listFiles(this.root, TREE_DIRS));
    // Public headers (include/) hold no syscalls; musl's own live in src/ and arch/.
    const headers = [...this.files].filter((f) => f.endsWith('.h') && !f.startsWith('include/') && !otherArch(f));
    const headerCode = new Map<string, string>();
    for (const h of headers) {
      const code = blankComments(this.read(h));
      headerCode.set(h, code);
      for (const d of extractDirectives(code, h)) {
        if (!d.macro) continue;
        const list = this.macrosByName.get(d.macro.name) ?? [];
        list.push(d.macro);
        this.macrosByName.set(d.macro.name, list);
      }
    }
    // Fixpoint over macro bodies and header functions: a name is interesting when its body calls
    // a primitive, a wrapper, inline asm, or another interesting name.
    const seed = (name: string) => isPrimitive(name) || isWrapper(name) || this.interesting.has(name);
    const bodies = new Map<MacroDefinition, Token[]>();
    const body = (d: MacroDefinition) => bodies.get(d) ?? (bodies.set(d, lex(d.body)), bodies.get(d)!);
    const reaches = (tokens: Token[]) => tokens.some((t) => t.kind === 'ident' && seed(t.text)) || this.trapIn(tokens);
    const parsed: FileFacts[] = [];
    for (let changed = true; changed; ) {
      changed = false;
      for (const [name, defs] of this.macrosByName) {
        if (this.interesting.has(name)) continue;
        if (isPrimitive(name) || isWrapper(name) || defs.some((d) => reaches(body(d)))) {
          this.interesting.add(name);
          changed = true;
        }
      }
      this.mention = mentionPattern([...this.interesting]);
      for (const [h, code] of headerCode) {
        if (!this.mention.test(code)) continue;
        headerCode.delete(h);
        const facts = this.facts(h);
        if (facts) parsed.push(facts);
      }
      for (const facts of parsed) {
        for (const fn of facts.functions) {
          if (this.interesting.has(fn.name)) continue;
          const inside = (x: { start: number }) => x.start >= fn.start && x.start < fn.end;
          const asm = facts.inlineAsm.filter((a) => inside({ start: a.offset }));
          if (facts.calls.some((c) => inside(c) && seed(c.name)) || asm.some((a) => this.trapIn(a.template, true))) {
            this.interesting.add(fn.name);
            changed = true;
          }
        }
      }
    }
    this.mention = mentionPattern([...this.interesting]);
    this.prepared = true;
  }

  private prepared = false;
  /** After prepare(), only calls that can lead to a syscall are kept in facts. */
  private readonly keepCall = (name: string) => this.interesting.has(name) || isPrimitive(name) || isWrapper(name);
  /**
   * Whether asm template tokens can hold a trap on some arch: string literals, plus the strings of
   * every definition of a macro named there (`SYSCALL_INSNS` is defined twice on i386).
   */
  private trapIn(tokens: Token[], isTemplate = false): boolean {
    if (!isTemplate && !tokens.some((t) => t.kind === 'ident' && ASM_NAMES.includes(t.text))) return false;
    const strings: string[] = [];
    const collect = (ts: Token[], d: number) => {
      for (const t of ts) {
        if (t.kind === 'string') strings.push(decodeAsmString(t.text));
        else if (t.kind === 'ident' && d < 4) for (const def of this.macrosByName.get(t.text) ?? []) collect(lex(def.body), d + 1);
      }
    };
    collect(tokens, 0);
    return hasTrapOnAnyArch(strings.join('\n'));
  }

  /** Whether any file of the tree `#define`s this name (for arches whose compiler macros are not listed). */
  definedInTree = (name: string): boolean => this.macrosByName.has(name);

  private files: Set<string> | undefined;

  /** Whether the tree has this file (one directory walk, no failing opens while resolving includes). */
  has(path: string): boolean {
    this.files ??= new Set(listFiles(this.root, TREE_DIRS));
    return this.files.has(path);
  }

  /** Facts of a tree-relative path, or undefined when there is no such file. */
  facts(path: string): FileFacts | undefined {
    const hit = this.cache.get(path);
    if (hit !== undefined) return hit ?? undefined;
    if (!this.has(path)) return undefined;
    let text: string;
    try {
      text = this.read(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'EISDIR') {
        this.cache.set(path, null);
        return undefined;
      }
      throw err;
    }
    const facts = this.factsOf(path, text);
    this.cache.set(path, facts);
    return facts;
  }

  /** Facts of a text standing for `path` (generated headers), not cached by path. */
  factsOf(path: string, text: string): FileFacts {
    const lang = languageOf(path);
    if (lang !== 'c' || this.mention.test(text)) return fileFacts(path, text, this.parser, this.prepared ? this.keepCall : undefined);
    // Nothing in it can reach a syscall: its directives still matter to files that include it,
    // which most sources never are, so they are extracted on first use.
    let directives: Directive[] | undefined;
    return {
      file: path,
      lang,
      code: '',
      get directives() {
        return (directives ??= extractDirectives(blankComments(text), path));
      },
      calls: [],
      functions: [],
      inlineAsm: [],
      guards: [],
      symbols: [],
      parseErrors: false,
    };
  }

  read(path: string): string {
    try {
      return readSourceText(join(this.root, path), 'latin1', path);
    } catch (err) {
      if (err instanceof UserError) throw err;
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') {
        throw new UserError(`cannot read ${join(this.root, path)} (${code})`, 'make the musl tree readable (chmod -R u+r) or re-extract it');
      }
      throw err;
    }
  }
}

function mentionPattern(names: string[]): RegExp {
  const escaped = names.filter((n) => /^\w+$/.test(n)).sort();
  // Primitive and wrapper spellings are covered by the two generic alternatives.
  return new RegExp(`\\b(?:__syscall\\w*|syscall\\w*|__socketcall\\w*|socketcall\\w*|(?:__)?sys_\\w+|__asm__|__asm|asm${escaped.length ? '|' + escaped.join('|') : ''})\\s*\\(`);
}
