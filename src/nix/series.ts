// The generated patch series `musl-patches/<version>/`: numbered .patch files listed, in order,
// by a quilt-style `series` file (one name per line, `#` comments).

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserError } from '../util/errors.js';
import { seriesNames } from '../rewrite/index.js';

export interface PatchSeries {
  version: string;
  /** Absolute directory `…/musl-patches/<version>`. */
  dir: string;
  /** Absolute patch files in application order. */
  patches: string[];
}

export function seriesDir(patchesRoot: string, version: string): string {
  return resolve(patchesRoot, version);
}

/** The series for a version, or null when its directory or `series` file is absent. */
export function readSeries(patchesRoot: string, version: string): PatchSeries | null {
  const dir = seriesDir(patchesRoot, version);
  const list = join(dir, 'series');
  if (!existsSync(list)) return null;
  const patches = seriesNames(dir).map((name) => join(dir, name));
  const missing = patches.filter((p) => !existsSync(p));
  if (missing.length > 0) {
    throw new UserError(`${list} lists ${missing.length} missing file(s), first ${missing[0]}`, `regenerate the series for ${version}`);
  }
  if (patches.length === 0) throw new UserError(`${list} lists no patches`, `regenerate the series for ${version}`);
  return { version, dir, patches };
}
