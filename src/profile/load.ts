// Finding and reading the kernel profile, one layer above the stages (like eslint's config): the
// first musl-patch.json from the current directory up to the filesystem root, or the file given
// with --config. The stages never read it; the CLI turns it into their options, flags first.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../util/errors.js';
import type { BackendPath } from '../backend/index.js';
import type { MuslConfigure } from '../musl/index.js';
import { PROFILE_FILE, profileSchema, type Profile } from './schema.js';

export interface LoadedProfile {
  /** The profile file, absolute. */
  file: string;
  /** Its directory: the kernel repository's root, which the profile's paths are relative to. */
  root: string;
  profile: Profile;
}

/** The nearest musl-patch.json at or above `start`, null when there is none. */
export function findProfile(start: string = process.cwd()): string | null {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    const file = path.join(dir, PROFILE_FILE);
    if (existsSync(file)) return file;
    if (path.dirname(dir) === dir) return null;
  }
}

export function loadProfile(file: string): LoadedProfile {
  const abs = path.resolve(file);
  const hint = `fix ${path.basename(abs)} (its JSON Schema: schema/musl-patch.schema.json), or write a new one with \`musl-patch init\``;
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch {
    throw new UserError(`cannot read kernel profile '${file}'`, 'pass an existing musl-patch.json with --config, or run `musl-patch init`');
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new UserError(`kernel profile ${file} is not JSON (${(err as Error).message})`, hint);
  }
  const parsed = profileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserError(`kernel profile ${file}: ${issue.path.join('.') || 'top level'}: ${issue.message}`, hint);
  }
  return { file: abs, root: path.dirname(abs), profile: parsed.data };
}

/** The profile a command uses: `--config FILE`, else the nearest one above the current directory; `--no-config` uses none. */
export function resolveProfile(opts: { config?: string | false }, start: string = process.cwd()): LoadedProfile | null {
  if (opts.config === false) return null;
  if (typeof opts.config === 'string') return loadProfile(opts.config);
  const found = findProfile(start);
  return found ? loadProfile(found) : null;
}

/** A profile path made absolute. */
export function profilePath(loaded: LoadedProfile, rel: string): string {
  return path.resolve(loaded.root, rel);
}

export function profileConfigure(loaded: LoadedProfile): MuslConfigure {
  const { malloc, debug, cflags } = loaded.profile.musl;
  return { malloc, debug, cflags };
}

/** The kernel's own patches, absolute, in order; each must exist. */
export function profilePatches(loaded: LoadedProfile): string[] {
  return loaded.profile.musl.patches.map((rel) => {
    const file = profilePath(loaded, rel);
    if (!existsSync(file)) throw new UserError(`${path.basename(loaded.file)} lists the patch ${rel}, which does not exist`, `fix musl.patches in ${loaded.file}`);
    return file;
  });
}

/** The backend paths: common ones for every arch, per-arch ones limited to their arch. */
export function profileBackend(loaded: LoadedProfile): BackendPath[] {
  const backend = loaded.profile.backend;
  if (!backend) return [];
  const paths: BackendPath[] = backend.common.map((rel) => profilePath(loaded, rel));
  for (const [arch, rels] of Object.entries(backend.arch)) for (const rel of rels ?? []) paths.push({ path: profilePath(loaded, rel), arches: [arch] });
  return paths;
}
