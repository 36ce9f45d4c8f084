import { describe, expect, it } from 'vitest';
import { NixParseError, parseNix, type NixNode } from '../../../src/nix/parse.js';

function text(src: string, node: NixNode): string {
  return src.slice(node.start, node.end);
}

describe('parseNix', () => {
  it('reads a package expression: formals lambda, let, rec set, interpolation, lists, ++', () => {
    const src = `{ stdenv, lib ? null, ... }@args:
let v = "1.2.5"; in
stdenv.mkDerivation rec {
  pname = "musl";
  version = v;
  src = fetchurl { url = "https://musl.libc.org/releases/\${pname}-\${version}.tar.gz"; hash = "sha256-x"; };
  patches = [ ./a.patch (fetchurl { url = http://example.org/b.patch; }) ] ++ lib.optional (!stdenv.isx86_64) ../c/d.patch;
  postUnpack = ''
    cp \${./x.h} $sourceRoot/x.h   # not a comment inside the string
    echo ''\${notInterpolated} '''quoted'''
  '';
  meta.license = lib.licenses.mit or null;
}`;
    const root = parseNix(src);
    expect(root.type).toBe('lambda');
    if (root.type !== 'lambda') return;
    expect(root.param).toBe('args');
    expect(root.formals?.map((f) => f.name)).toEqual(['stdenv', 'lib']);
    expect(root.ellipsis).toBe(true);
    const let_ = root.body;
    expect(let_.type).toBe('let');
    if (let_.type !== 'let') return;
    const apply = let_.body;
    expect(apply.type).toBe('apply');
    if (apply.type !== 'apply' || apply.arg.type !== 'attrs') throw new Error('shape');
    expect(text(src, apply.fn)).toBe('stdenv.mkDerivation');
    expect(apply.arg.rec).toBe(true);
    const names = apply.arg.bindings.map((b) => (b.kind === 'attr' ? b.path.map((k) => (k.kind === 'name' ? k.name : '?')).join('.') : 'inherit'));
    expect(names).toEqual(['pname', 'version', 'src', 'patches', 'postUnpack', 'meta.license']);
    const patches = apply.arg.bindings[3];
    if (patches.kind !== 'attr' || patches.value.type !== 'binop') throw new Error('shape');
    expect(patches.value.op).toBe('++');
    expect(patches.value.left.type).toBe('list');
    if (patches.value.left.type !== 'list') return;
    expect(patches.value.left.items.map((i) => i.type)).toEqual(['path', 'apply']);
    // The parenthesised item keeps its parentheses in its span (edits replace the whole entry).
    expect(text(src, patches.value.left.items[1])).toBe('(fetchurl { url = http://example.org/b.patch; })');
    const post = apply.arg.bindings[4];
    if (post.kind !== 'attr' || post.value.type !== 'str') throw new Error('shape');
    expect(post.value.indented).toBe(true);
    expect(post.value.parts.filter((p) => typeof p !== 'string')).toHaveLength(1);
    expect(post.value.parts.join('')).toContain("${notInterpolated} ''quoted''");
    const url = apply.arg.bindings[2];
    if (url.kind !== 'attr') throw new Error('shape');
    expect(text(src, url.value)).toMatch(/^fetchurl \{.*\}$/);
  });

  it('tells search paths, paths, URIs and operators apart', () => {
    const root = parseNix('[ <nixpkgs> a/b ./c ~/d https://x.org/y?z=1 (1 / 2) (a < b) x.y.z (f -1) ]');
    if (root.type !== 'list') throw new Error('shape');
    expect(root.items.map((i) => i.type)).toEqual(['path', 'path', 'path', 'path', 'uri', 'binop', 'binop', 'select', 'binop']);
  });

  it('parses if/with/assert/has-attr/inherit and string escapes', () => {
    const root = parseNix('with lib; assert x ? y.z; let inherit (pkgs) a b; inherit c; s = "q\\"\\${no}$${lit}"; in if a then b else c');
    expect(root.type).toBe('with');
    const parsed = parseNix('"q\\"\\${no}$${lit}"');
    if (parsed.type !== 'str') throw new Error('shape');
    expect(parsed.parts).toEqual(['q"${no}$${lit}']);
  });

  it('reports where the syntax is wrong', () => {
    expect(() => parseNix('{ a = 1; b = ; }')).toThrow(NixParseError);
    try {
      parseNix('{\n  a = 1;\n  b = ;\n}');
    } catch (err) {
      expect((err as NixParseError).line).toBe(3);
      expect((err as NixParseError).column).toBe(7);
    }
    expect(() => parseNix('let { body = 1; }')).toThrow(/legacy/);
    expect(() => parseNix('"unterminated')).toThrow(/unterminated string/);
    expect(() => parseNix('a == b == c')).toThrow(/not associative/);
  });
});
