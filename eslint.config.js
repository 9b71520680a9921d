// Lint for the whole tree: a short base of recommended rules, floating promises as errors, and the
// import boundaries that keep DESIGN.md's layers honest. README.md (Layers) explains each one.
// Boundary rules match import specifiers as written (relative paths), which is enough because
// every product folder sits at the top level; test/lint/boundaries.test.ts proves each one fires.
// CommonJS (like the package) so test/lint/boundaries.test.ts can load it inside jest.
const js = require('@eslint/js');
const { defineConfig } = require('eslint/config');
const tseslint = require('typescript-eslint');

// Top-level folders that hold a part of the product (DESIGN.md §3). common/ and scheduler/ are
// the lower layer and may not reach any of them.
const domainFolders = [
  'activities', 'autopilot', 'builtin-gateway', 'checkpoints', 'client', 'compare', 'config', 'environments', 'evaluation',
  'gateway', 'providers', 'results', 'rollouts', 'sim-provider', 'workers', 'workflows',
];
const tests = ['**/*.test.ts', 'test/**'];

// One restricted-imports entry per boundary; flat config replaces a rule's options per file, so
// the folder blocks below each list every boundary that applies to them.
const noTestImports = {
  regex: '^(\\.\\./)+test(/|$)',
  message: 'product code never imports from test/: fakes, fixtures and contract suites stay out of dist/.',
};
const lowerLayer = {
  regex: `^(\\.\\./)+(${domainFolders.join('|')})(/|$)`,
  message: 'common/ and scheduler/ are the lower layer: they import no domain folder (move the shared piece down instead).',
};
const simNoAutopilot = {
  regex: '^(\\.\\./)+autopilot(/|$)',
  message: 'the simulated provider must not know what our own autopilot writes: sim-provider/ imports no autopilot/ code.',
};
const envNoSim = {
  regex: '^(\\.\\./)+sim-provider(/|$)',
  message: 'environments do not import the simulator; oracles are registered at the composition root.',
};
// Workflows run in Temporal's deterministic sandbox: values may come only from other workflow
// files and Temporal's workflow-safe packages; Node builtins (the Temporal samples' rule) and
// everything else are out. Activities and the pure config/stats modules are allowed as types,
// which the compiler erases.
const workflowTypeOnly = {
  regex: '^\\.\\./(activities|config/schema|results/stats)$',
  allowTypeImports: true,
  message: 'workflows reach activities through proxyActivities: import them (and config/stats shapes) with `import type` only.',
};
const workflowSafeOnly = {
  regex: '^(?!\\./|@temporalio/(workflow|common)$|\\.\\./(activities|config/schema|results/stats)$)',
  message: 'workflows are deterministic: import only ./ workflow files, @temporalio/workflow and @temporalio/common (no Node builtins, no I/O).',
};
const restrict = (...patterns) => ({ '@typescript-eslint/no-restricted-imports': ['error', { patterns }] });

module.exports = defineConfig(
  {
    ignores: ['dist/', 'node_modules/', '.venv/', '.venv-*/', 'test-artifacts/', 'coverage/', 'output/', 'snapshots/', '.autopilot-benchmark/', 'results/**/*.json'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: __dirname } },
    rules: {
      // A promise nobody awaits loses its error and, in a workflow, breaks determinism.
      '@typescript-eslint/no-floating-promises': 'error',
      // `_`-prefixed names are deliberately unused (callback positions, destructured leftovers).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      ...restrict(noTestImports),
    },
  },
  {
    // Plain-JS stand-ins and configs are CommonJS scripts run by Node.
    files: ['**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', URL: 'readonly', fetch: 'readonly', AbortSignal: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  { files: ['common/**', 'scheduler/**'], ignores: tests, rules: restrict(noTestImports, lowerLayer) },
  { files: ['sim-provider/**'], ignores: tests, rules: restrict(noTestImports, simNoAutopilot) },
  { files: ['environments/**'], ignores: tests, rules: restrict(noTestImports, envNoSim) },
  { files: ['workflows/**'], ignores: tests, rules: restrict(noTestImports, workflowTypeOnly, workflowSafeOnly) },
  {
    files: tests,
    rules: {
      // Tests may import anything, test/ included: each test is its own composition root.
      '@typescript-eslint/no-restricted-imports': 'off',
    },
  },
  // Test bodies poke at untyped JSON replies; typing each probe adds nothing. Shared test code
  // (fakes, contracts, support) keeps the rule and marks its `any`s one by one.
  { files: ['**/*.test.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
);
