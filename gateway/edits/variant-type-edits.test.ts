/**
 * Edits for every TensorZero variant type through `applyConfigEdits` with the built-in
 * gateway's validation: accepted, written to tensorzero.toml verbatim (inline files become
 * files, nothing else changes), and served by a built-in gateway on the edited config with the
 * real simulated provider. Edits the built-in gateway cannot serve, or that are not valid
 * TensorZero config, are refused one by one with the reason while the others apply.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'smol-toml';
import { checkBuiltinGatewayConfig } from '../../builtin-gateway/config';
import { createGatewayServer } from '../../builtin-gateway/server';
import { createSimProviderServer } from '../../sim-provider';
import type { SimProviderServer } from '../../sim-provider/types';
import { sampleEnvironment } from '../../test/fixtures/sample-environment';
import { CHAT_FN, JSON_FN, variantTypeEdits } from '../../test/fixtures/variant-type-edits';
import { requestJson, silentLogger } from '../../test/support/test-gateway';
import { generateT0Config } from '../t0-config';
import { isTable, type TomlTable } from './config-documents';
import { fileExtensionOf } from './file-valued-keys';
import { applyConfigEdits } from './index';

process.env.LOG_LEVEL ??= 'silent';

let tmp: string;
let configDir: string;
let sim: SimProviderServer;
beforeAll(async () => {
  sim = await createSimProviderServer({ seed: 3, latencyScale: 0 });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'variant-type-edits-'));
  configDir = (await generateT0Config({ spec: sampleEnvironment, initialModel: 'sim::small', outDir: path.join(tmp, 'config') })).configDir;
});
afterEach(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

/** The stored table with every file path replaced by the inline object the edit carried (`inline` + the file's text). */
async function withFilesInlined(table: TomlTable, tomlDir: string, keyPath: string[] = []): Promise<TomlTable> {
  const out: TomlTable = {};
  for (const [key, value] of Object.entries(table)) {
    const here = [...keyPath, key];
    if (typeof value === 'string' && fileExtensionOf(here)) {
      out[key] = { __tensorzero_remapped_path: 'inline', __data: await fs.readFile(path.resolve(tomlDir, value), 'utf8') };
    } else {
      out[key] = isTable(value) ? await withFilesInlined(value, tomlDir, here) : value;
    }
  }
  return out;
}

describe('edits of every variant type (built-in gateway validation)', () => {
  it('are all accepted and kept verbatim in tensorzero.toml', async () => {
    const edits = variantTypeEdits();
    const result = await applyConfigEdits(configDir, edits, { validate: checkBuiltinGatewayConfig });
    expect(result.rejected).toEqual([]);
    expect(result.applied.map((a) => a.index)).toEqual(edits.map((_, i) => i));

    const toml = parse(await fs.readFile(path.join(configDir, 'tensorzero.toml'), 'utf8')) as TomlTable;
    for (const e of edits) {
      const stored = ((toml.functions as TomlTable)[e.function_name] as { variants: TomlTable }).variants[e.variant_name] as TomlTable;
      expect({ variant: e.variant_name, table: await withFilesInlined(stored, configDir) }).toEqual({ variant: e.variant_name, table: e.variant });
    }
    // evaluator / fuser templates and DICL instructions are files under the variant's directory
    const variantsDir = path.join(configDir, 'functions', JSON_FN, 'variants');
    expect(await fs.readdir(path.join(variantsDir, 'best_of_three', 'evaluator'))).toEqual(['system_template.minijinja', 'user_template.minijinja']);
    expect(await fs.readdir(path.join(variantsDir, 'nearest_examples'))).toEqual(['system_instructions.txt']);
  });

  it('are served by a built-in gateway on the edited config, against the simulated provider', async () => {
    await applyConfigEdits(configDir, variantTypeEdits(), { validate: checkBuiltinGatewayConfig });
    const server = await createGatewayServer({
      configFile: path.join(configDir, 'tensorzero.toml'),
      env: { AUTOPILOT_BENCH_SIM_URL: sim.url },
      logger: silentLogger,
      scheduleExperimentation: false,
    });
    try {
      for (const e of variantTypeEdits()) {
        const input =
          e.function_name === JSON_FN
            ? { messages: [{ role: 'user', content: [{ type: 'template', name: 'user', arguments: { text: 'Ada Lovelace met Charles Babbage.' } }] }] }
            : { system: { goal: 'help the customer' }, messages: [{ role: 'user', content: 'Where is order 42?' }] };
        const { status, body } = await requestJson(`${server.url}/inference`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ function_name: e.function_name, variant_name: e.variant_name, input }),
        });
        expect({ variant: e.variant_name, status }).toEqual({ variant: e.variant_name, status: 200 });
        expect(body.variant_name).toBe(e.variant_name);
        if (e.function_name === JSON_FN) expect(body.output).toHaveProperty('raw');
        else expect(Array.isArray(body.content)).toBe(true);
      }
    } finally {
      await server.close();
    }
  });

  it('refuses, each with its reason, what the gateway cannot serve or TensorZero would reject, and applies the rest', async () => {
    const [careful] = variantTypeEdits();
    const inline = (data: string) => ({ __tensorzero_remapped_path: 'inline', __data: data });
    const edits = [
      { ...careful, variant_name: 'wrapped', variant: { type: 'chat_completion', model: 'sim::small', json_mode: 'strict', user_template: inline('{{ text }}'), input_wrappers: { system: inline('Be brief.') } } },
      { operation: 'upsert_variant', function_name: JSON_FN, variant_name: 'misspelt', variant: { type: 'experimental_best_of_n', candidates: ['initial'], evaluator: { model: 'sim::large' } } },
      { operation: 'upsert_variant', function_name: JSON_FN, variant_name: 'ghostly', variant: { type: 'experimental_mixture_of_n', candidates: ['ghost'], fuser: { model: 'sim::large', json_mode: 'strict', user_template: inline('{{ text }}') } } },
      { operation: 'upsert_variant', function_name: CHAT_FN, variant_name: 'cot_on_chat', variant: { type: 'experimental_chain_of_thought', model: 'sim::small', system_template: inline('{{ goal }}') } },
      { operation: 'upsert_variant', function_name: CHAT_FN, variant_name: 'old_timeout', variant: { type: 'experimental_mixture_of_n', candidates: ['initial', 'initial'], timeout_s: 30, fuser: { model: 'sim::large', system_template: inline('{{ goal }}') } } },
      careful,
    ];
    const result = await applyConfigEdits(configDir, edits, { validate: checkBuiltinGatewayConfig });
    expect(result.applied.map((a) => a.target)).toEqual([`functions.${JSON_FN}.variants.careful`]);
    expect(result.rejected.map((r) => [r.index, r.target])).toEqual([
      [0, `functions.${JSON_FN}.variants.wrapped`],
      [1, `functions.${JSON_FN}.variants.misspelt`],
      [2, `functions.${JSON_FN}.variants.ghostly`],
      [3, `functions.${CHAT_FN}.variants.cot_on_chat`],
      [4, `functions.${CHAT_FN}.variants.old_timeout`],
    ]);
    const reasons = result.rejected.map((r) => r.reason);
    expect(reasons[0]).toMatch(/cannot serve variant 'wrapped': input_wrappers/);
    expect(reasons[1]).toMatch(/variants\.misspelt\.type.*unknown variant type/);
    expect(reasons[2]).toMatch(/unknown candidate variant 'ghost'/);
    expect(reasons[3]).toMatch(/only allowed for json functions/);
    expect(reasons[4]).toMatch(/timeout_s: cannot be used when candidate 'initial' already has \[timeouts\]/);
  });
});
