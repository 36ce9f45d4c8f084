// The import rules of src/ (`npm run check:layers`, part of `npm test`): stages import one way,
// through each other's index.ts, and nothing imports in a circle. ARCHITECTURE.md explains the
// pipeline these layers follow.

/** Lowest first. A folder may import its own layer and the layers before it, never a later one. */
const LAYERS = [
  ['util'],
  ['model'],
  ['c'],
  ['arch'],
  ['source'],
  ['musl'],
  ['scan'],
  ['rewrite'],
  ['build'],
  ['backend'],
  ['report'],
  // On top of the pipeline, independent of each other.
  ['diff', 'nix', 'boot', 'github'],
  // The kernel profile (musl-patch.json): config one layer above the stages, read by the CLI.
  ['profile'],
  ['cli'],
];

/** Folders whose modules are imported directly; every other folder is a stage, entered through index.ts. */
const OPEN = ['util', 'model'];

const folder = (name) => (name === 'model' ? '^src/model(\\.ts$|/)' : `^src/${name}/`);
const any = (names) => `(${names.map(folder).join('|')})`;

const layerRules = LAYERS.flatMap((layer, i) => {
  const later = LAYERS.slice(i + 1).flat();
  const rules = [];
  if (later.length > 0) {
    rules.push({
      name: `layer-${layer.join('-')}`,
      comment: `${layer.join(', ')} may not import a later stage (${later.join(', ')})`,
      severity: 'error',
      from: { path: any(layer) },
      to: { path: any(later) },
    });
  }
  for (const name of layer) {
    const siblings = layer.filter((other) => other !== name);
    if (siblings.length === 0) continue;
    rules.push({
      name: `layer-${name}-siblings`,
      comment: `${name} may not import ${siblings.join(', ')} (same layer, independent)`,
      severity: 'error',
      from: { path: folder(name) },
      to: { path: any(siblings) },
    });
  }
  return rules;
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'no module reaches itself through its imports (type-only imports count)',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...layerRules,
    {
      name: 'stage-through-index',
      comment: "another stage's modules are reached through its index.ts only",
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      to: {
        path: '^src/([^/]+)/.+',
        pathNot: ['^src/$1/', `^src/(${OPEN.join('|')})/`, '^src/[^/]+/index\\.ts$'],
      },
    },
    {
      name: 'commands-independent',
      comment: 'a CLI command never imports another; shared option parsing lives in src/cli/',
      severity: 'error',
      from: { path: '^src/cli/commands/' },
      to: { path: '^src/cli/commands/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'], exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
