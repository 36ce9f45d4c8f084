// The uncached scan of several arches of one tree, sharing the parsing (scan.ts caches its result).

import type { ArchModel, MuslTree } from '../model/index.js';
import { loadArchModel } from '../musl/index.js';
import { cParser } from '../util/parser.js';
import { scanArchWith } from './scan-arch.js';
import type { ArchResult, ScanRunOptions } from './types.js';
import { TreeIndex } from './tree-index.js';

export async function scanTree(tree: MuslTree, arches: string[], files: string[], opts: ScanRunOptions): Promise<{ arches: ArchResult[]; timings: Record<string, number> }> {
  const timings: Record<string, number> = {};
  let t = performance.now();
  const lap = (what: string) => {
    const now = performance.now();
    timings[what] = Math.round(now - t);
    t = now;
  };
  const load: (tree: MuslTree, arch: string) => Promise<ArchModel> = opts.loadModel ?? ((t, arch) => loadArchModel(t, arch, opts.malloc));
  const models = await Promise.all(arches.map((arch) => load(tree, arch)));
  lap('models');
  const index = new TreeIndex(tree.root, await cParser(), files);
  index.prepare(arches);
  lap('headers');
  const result = models.map((model) => {
    const sites = scanArchWith(index, model, opts);
    lap(model.arch);
    return { arch: model.arch, sites };
  });
  return { arches: result, timings };
}
