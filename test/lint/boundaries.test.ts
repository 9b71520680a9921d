/**
 * The import boundaries of eslint.config.mjs, checked through ESLint's own Node API on small
 * synthetic files placed (by `filePath`, never written to disk) in the folder each rule guards.
 */
import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

const root = path.resolve(__dirname, '../..');
// The config object itself: jest cannot run ESLint's own (dynamic-import) config loading. Type
// information is switched off: the probe files exist only in memory, where TypeScript's project
// service cannot find them, and no import boundary needs types.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const config = require('../../eslint.config.js');
const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: [...config, { files: ['**/*.ts'], ...tseslint.configs.disableTypeChecked }] });

/** Lints `source` as if it lived at `file` (relative to the repo root); returns its messages. */
async function lint(file: string, source: string): Promise<{ ruleId: string | null; message: string }[]> {
  const [result] = await eslint.lintText(source, { filePath: path.join(root, file) });
  return result.messages.map(({ ruleId, message }) => ({ ruleId, message }));
}

/** One import used once, so only the boundary rule can have something to say. */
const importing = (specifier: string, kind: 'value' | 'type' = 'value'): string =>
  kind === 'value'
    ? `import { thing } from '${specifier}';\nexport const used = thing;\n`
    : `import type { Thing } from '${specifier}';\nexport type Used = Thing;\n`;

const boundary = '@typescript-eslint/no-restricted-imports';

describe('import boundaries', () => {
  test.each([
    ['common/ importing a domain folder', 'common/lint-probe.ts', '../gateway/wire', 'common/ and scheduler/ are the lower layer'],
    ['scheduler/ importing a domain folder', 'scheduler/lint-probe.ts', '../results/stats', 'common/ and scheduler/ are the lower layer'],
    ['a workflow importing node:fs', 'workflows/lint-probe.ts', 'node:fs', 'workflows are deterministic'],
    ['a workflow importing a Node builtin without the node: prefix', 'workflows/lint-probe.ts', 'crypto', 'workflows are deterministic'],
    ['a workflow importing a product module', 'workflows/lint-probe.ts', '../gateway/client', 'workflows are deterministic'],
    ['a workflow importing activities as values', 'workflows/lint-probe.ts', '../activities', '`import type` only'],
    ['sim-provider/ importing autopilot/', 'sim-provider/lint-probe.ts', '../autopilot/builtin/strategy/rewrite-protocol', 'sim-provider/ imports no autopilot/ code'],
    ['an environment importing sim-provider/', 'environments/ner/lint-probe.ts', '../../sim-provider/types', 'environments do not import the simulator'],
    ['product code importing test/', 'activities/lint-probe.ts', '../test/fakes/fake-train-gateway', 'product code never imports from test/'],
    ['a nested product file importing test/', 'builtin-gateway/http/lint-probe.ts', '../../test/support/test-gateway', 'product code never imports from test/'],
  ])('%s is an error', async (_name, file, specifier, why) => {
    const messages = await lint(file, importing(specifier));
    expect(messages).toEqual([{ ruleId: boundary, message: expect.stringContaining(why) }]);
    expect(messages[0].message).toContain(`'${specifier}'`);
  });

  test('a type-only import is still a boundary breach outside the workflow allowances', async () => {
    const messages = await lint('common/lint-probe.ts', importing('../autopilot/session/types', 'type'));
    expect(messages).toEqual([{ ruleId: boundary, message: expect.stringContaining('lower layer') }]);
  });

  test.each([
    ['common/ importing common/', 'common/lint-probe.ts', './logger', 'value'],
    ['scheduler/ importing common/', 'scheduler/lint-probe.ts', '../common/logger', 'value'],
    ['a workflow importing @temporalio/workflow', 'workflows/lint-probe.ts', '@temporalio/workflow', 'value'],
    ['a workflow importing @temporalio/common', 'workflows/lint-probe.ts', '@temporalio/common', 'value'],
    ['a workflow importing another workflow file', 'workflows/lint-probe.ts', './failures', 'value'],
    ['a workflow importing activities as types', 'workflows/lint-probe.ts', '../activities', 'type'],
    ['a workflow importing config shapes as types', 'workflows/lint-probe.ts', '../config/schema', 'type'],
    ['sim-provider/ importing common/', 'sim-provider/lint-probe.ts', '../common/logger', 'value'],
    ['an environment importing another environment file', 'environments/ner/lint-probe.ts', './ner-env', 'value'],
    ['a unit test importing test/ support', 'activities/lint-probe.test.ts', '../test/support/test-gateway', 'value'],
    ['test/ importing product code', 'test/integration/lint-probe.ts', '../../sim-provider/types', 'value'],
  ] as const)('%s passes', async (_name, file, specifier, kind) => {
    expect(await lint(file, importing(specifier, kind))).toEqual([]);
  });

});
