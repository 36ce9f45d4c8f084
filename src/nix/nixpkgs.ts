// Which musl nixpkgs' pkgsStatic uses: by evaluating `pkgsStatic.musl` with nix-instantiate, or,
// without nix (or when evaluation fails), by reading the musl package expression of a checkout.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError } from '../util/errors.js';
import { parseSha256 } from './hash.js';
import { parseExpressionFile, readSourceAndPatches, readStringAttr } from './expression.js';
import { nixAvailable, NixCommandError, nixEvalJson, nixString, type NixRunOptions } from './nix-cli.js';
import { NixParseError, parseNix, type NixNode } from './parse.js';
import { calleeName } from './static.js';
import type { NixpkgsMusl, PatchRef } from './types.js';

/** Where nixpkgs keeps the musl expression, newest layout first. */
export const MUSL_EXPRESSION_PATHS = ['pkgs/by-name/mu/musl/package.nix', 'pkgs/os-specific/linux/musl/default.nix'];

export interface NixpkgsSpec {
  /** A nixpkgs checkout (directory) or a file evaluating to nixpkgs. */
  nixpkgs?: string;
  /** A file that imports a pinned nixpkgs (IncludeOS's `pinned.nix`). */
  pinned?: string;
}

export interface ReadNixpkgsOptions extends NixRunOptions {
  /** `auto` (default): evaluate when nix-instantiate runs, else read text; `eval` / `text` force one. */
  method?: 'auto' | 'eval' | 'text';
}

function target(spec: NixpkgsSpec): { path: string; label: string } {
  if (spec.nixpkgs && spec.pinned) throw new UserError('both --nixpkgs and --pinned given', 'pass only one of them');
  const given = spec.nixpkgs ?? spec.pinned;
  if (!given) throw new UserError('no nixpkgs to read', 'pass --nixpkgs PATH (a checkout) or --pinned FILE (e.g. IncludeOS pinned.nix)');
  const path = resolve(given);
  if (!existsSync(path)) throw new UserError(`${given} does not exist`, spec.nixpkgs ? 'pass the directory of a nixpkgs checkout' : 'pass the pinned nixpkgs file');
  return { path, label: given };
}

/** pkgsStatic.musl by evaluation. Throws NixCommandError when nix fails. */
export async function evalNixpkgsMusl(spec: NixpkgsSpec, opts: NixRunOptions = {}): Promise<NixpkgsMusl> {
  const { path, label } = target(spec);
  const raw = (await nixEvalJson(muslQuery(path), opts)) as EvalResult;
  const notes: string[] = [];
  const hashText = raw.src.hash;
  const hash = hashText ? parseSha256(hashText) : null;
  if (hashText && !hash) notes.push(`src hash '${hashText}' is not a sha256 Nix accepts`);
  const patches: PatchRef[] = raw.patches.map((p) => {
    const patchHash = p.hash ? parseSha256(p.hash) : null;
    if (p.kind === 'path') return { kind: 'path', label: basename(p.path!), file: p.path, url: null, hash: null, conditional: false, text: p.path! };
    if (p.kind === 'drv') {
      const present = p.storePath && existsSync(p.storePath) && statSync(p.storePath).isFile() ? p.storePath : null;
      const label = p.name ?? (p.url ? basename(p.url) : 'patch');
      return { kind: 'fetchurl', label, file: present, url: p.url, hash: patchHash, conditional: false, text: p.url ?? label };
    }
    return { kind: 'other', label: p.path ?? '?', file: null, url: null, hash: null, conditional: false, text: p.path ?? '?' };
  });
  return { method: 'eval', origin: label, file: null, version: raw.version, src: { fetcher: raw.src.fetcher, url: raw.src.url, rev: raw.src.rev, hashText, hash }, patches, notes };
}

interface EvalResult {
  version: string;
  src: { fetcher: string | null; url: string | null; rev: string | null; hash: string | null };
  patches: { kind: 'path' | 'drv' | 'string'; path: string | null; name: string | null; url: string | null; hash: string | null; storePath: string | null }[];
}

/**
 * The expression evaluated: only strings come out, so nothing is built or fetched beyond what
 * importing nixpkgs needs. A pinned file evaluates to the nixpkgs function (or to a package set).
 */
function muslQuery(path: string): string {
  return `
let
  top = import ${nixString(path)};
  pkgs = if builtins.isFunction top then top { config = {}; overlays = []; } else top;
  m = pkgs.pkgsStatic.musl;
  orNull = v: let r = builtins.tryEval v; in if r.success then r.value else null;
  str = v: if builtins.isString v then v else null;
  urlOf = d: if d ? urls && builtins.isList d.urls && d.urls != [] then str (builtins.head d.urls) else str (d.url or null);
  hashOf = d: str (d.outputHash or d.hash or d.sha256 or null);
  patch = p:
    if builtins.isPath p then { kind = "path"; path = toString p; name = null; url = null; hash = null; storePath = null; }
    else if builtins.isAttrs p then {
      kind = "drv"; path = null; name = str (p.name or null); url = urlOf p; hash = hashOf p;
      storePath = orNull (builtins.unsafeDiscardStringContext (toString (p.outPath or "")));
    }
    else { kind = "string"; path = orNull (builtins.unsafeDiscardStringContext (toString p)); name = null; url = null; hash = null; storePath = null; };
in {
  version = m.version;
  src = {
    fetcher = if m.src ? rev then "fetchgit" else if m.src ? outputHash then "fetchurl" else null;
    url = urlOf m.src;
    rev = str (m.src.rev or null);
    hash = hashOf m.src;
  };
  patches = map patch (m.patches or []);
}`;
}

/** The musl expression of a nixpkgs checkout, or a UserError saying none was found. */
export function muslExpressionOf(nixpkgsDir: string): string {
  for (const rel of MUSL_EXPRESSION_PATHS) {
    const file = join(nixpkgsDir, rel);
    if (existsSync(file)) return file;
  }
  throw new UserError(`no musl expression in ${nixpkgsDir} (looked for ${MUSL_EXPRESSION_PATHS.join(', ')})`, 'pass the top directory of a nixpkgs checkout');
}

/** pkgsStatic.musl by reading the expression text of a nixpkgs checkout. */
export function readNixpkgsMuslText(spec: NixpkgsSpec): NixpkgsMusl {
  const { path, label } = target(spec);
  const dir = spec.pinned ? pinnedCheckout(path) : statSync(path).isDirectory() ? path : dirname(path);
  const file = muslExpressionOf(dir);
  const parsed = parseExpressionFile(file);
  const notes: string[] = [];
  const version = readStringAttr(parsed, 'version', notes);
  if (version === null) {
    throw new UserError(`cannot read musl's version from ${file} (${notes.join('; ') || 'no version attribute'})`, 'install nix (nix-bin) so musl-patch can evaluate it, or pass a checkout whose musl expression sets version = "x.y.z"');
  }
  const { src, patches } = readSourceAndPatches(parsed, notes);
  return { method: 'text', origin: label, file, version, src, patches, notes };
}

/**
 * The local nixpkgs a pinned file imports: `import ./dir`, `import /abs/dir`. A pinned
 * `builtins.fetchTarball { url; sha256; }` cannot be read without nix: UserError saying so.
 */
export function pinnedCheckout(pinnedFile: string): string {
  let root: NixNode;
  try {
    root = parseNix(readFileSync(pinnedFile, 'utf8'));
  } catch (err) {
    if (err instanceof NixParseError) throw new UserError(`cannot read ${pinnedFile}:${err.message}`, 'check it with `nix-instantiate --parse`');
    throw err;
  }
  let node = root;
  while (node.type === 'lambda' || node.type === 'let' || node.type === 'with') node = node.body;
  if (node.type === 'apply' && calleeName(node.fn) === 'import') {
    const arg = node.arg;
    if (arg.type === 'path' && !arg.text.startsWith('<')) return resolve(dirname(pinnedFile), arg.text);
    if (arg.type === 'apply' && ['fetchTarball', 'fetchGit', 'fetchFromGitHub', 'fetchzip'].includes(calleeName(arg.fn) ?? '')) {
      throw new UserError(
        `${pinnedFile} pins a remote nixpkgs (${calleeName(arg.fn)}); it cannot be read without nix`,
        'install nix (nix-bin) so musl-patch can evaluate it, or pass --nixpkgs PATH of a checkout of that nixpkgs',
      );
    }
  }
  throw new UserError(`cannot read ${pinnedFile}: expected 'import <path>' or 'import (builtins.fetchTarball { ... })'`, 'pass --nixpkgs PATH of a nixpkgs checkout instead');
}

/**
 * pkgsStatic's musl: evaluated when nix-instantiate runs (falling back to the text with a note
 * when evaluation fails), read as text otherwise.
 */
export async function readNixpkgsMusl(spec: NixpkgsSpec, opts: ReadNixpkgsOptions = {}): Promise<NixpkgsMusl> {
  const method = opts.method ?? 'auto';
  if (method === 'text') return readNixpkgsMuslText(spec);
  const canEval = await nixAvailable(opts);
  if (!canEval) {
    if (method === 'eval') throw new UserError('nix-instantiate is not available', 'install nix (Debian: apt-get install nix-bin) or use --no-eval to read the files as text');
    const result = readNixpkgsMuslText(spec);
    result.notes.unshift('nix-instantiate not found: read as text');
    return result;
  }
  try {
    return await evalNixpkgsMusl(spec, opts);
  } catch (err) {
    if (!(err instanceof NixCommandError)) throw err;
    if (method === 'eval') throw new UserError(`nix-instantiate failed on ${spec.nixpkgs ?? spec.pinned}: ${err.reason}`, 'fix the expression, or use --no-eval to read the files as text');
    try {
      const result = readNixpkgsMuslText(spec);
      result.notes.unshift(`evaluation failed (${err.reason}): read as text`);
      return result;
    } catch (textErr) {
      if (textErr instanceof UserError) {
        // nix is installed: saying "install nix" would send the user the wrong way.
        throw new UserError(
          `cannot find pkgsStatic's musl: nix-instantiate failed (${err.reason}) and ${textErr.message}`,
          'nix is installed but could not evaluate it (a pinned nixpkgs that cannot be downloaded offline, for one): fetch it once with network, or pass --nixpkgs PATH of a local checkout',
        );
      }
      throw textErr;
    }
  }
}
