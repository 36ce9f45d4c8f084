// The order of test files: vitest's own (failed and slow first, from its cache), then the files
// that need musl builds last — while the others run, the global setup's prebuild (npm test) makes
// the builds in the background, and a worker that took a build-needing file early would only wait
// for it. A file needs builds when it calls the build stage or the boot helpers that wrap it.
import { readFileSync } from 'node:fs';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const NEEDS_BUILDS = /\b(buildPlainMusl|buildPatchedMusl|plainMusl|patchedMusl)\(/;

export default class BuildsLast extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const needs = new Set(sorted.filter((f) => NEEDS_BUILDS.test(readFileSync(f.moduleId, 'utf8'))));
    return [...sorted.filter((f) => !needs.has(f)), ...sorted.filter((f) => needs.has(f))];
  }
}
