// One scan in a fresh process, for bench/run.mjs: prints timing, cache use and peak RSS as JSON.
import { openMuslTree } from '../dist/source/tree.js';
import { scan } from '../dist/scan/scan.js';

// mode: 'cache' (read and write the cache), 'no-cache', or 'again': a second uncached scan in
// the same process, to tell V8's warm-up from the scanner's own work. arches: comma-separated
// (default the three supported ones).
const [root, cacheDir, mode, archList = 'x86_64,i386,aarch64'] = process.argv.slice(2);
const run = async () => {
  const t0 = performance.now();
  const tree = await openMuslTree(root);
  const result = await scan(tree, archList.split(','), { cacheDir, cache: mode === 'cache' });
  return { result, ms: performance.now() - t0 };
};
const first = await run();
const { result, ms } = mode === 'again' ? await run() : first;
process.stdout.write(
  JSON.stringify({
    ms,
    cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
    cached: result.cached,
    timings: result.timings,
    sites: Object.fromEntries(result.arches.map((a) => [a.arch, a.sites.length])),
    maxRssKB: process.resourceUsage().maxRSS,
  }) + '\n',
);
