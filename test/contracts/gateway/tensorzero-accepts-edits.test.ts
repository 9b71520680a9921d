/**
 * Every config the harness writes for the variant types an autopilot may propose is one
 * TensorZero accepts: the generated baseline plus `sim-models.toml`, with the edits of every
 * variant type applied (test/fixtures/variant-type-edits.ts), is loaded by TensorZero's own
 * engine (PyPI wheel, `validate_config.py`). A control shows the check can fail: an edit the
 * harness refuses is also one TensorZero rejects. Runs where the engine is installed; fails
 * loudly when it is not, unless `TENSORZERO_CONTRACT=off` skips it on purpose.
 */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { checkBuiltinGatewayConfig } from '../../../builtin-gateway/config';
import { applyConfigEdits } from '../../../gateway/edits';
import { writeSimModelsToml } from '../../../gateway/sim-models-toml';
import { generateT0Config } from '../../../gateway/t0-config';
import { sampleEnvironment } from '../../fixtures/sample-environment';
import { JSON_FN, variantTypeEdits } from '../../fixtures/variant-type-edits';
import { engineFiles, probeTensorZeroEngine } from './tensorzero-stand-in-engine';

process.env.LOG_LEVEL ??= 'silent';
jest.setTimeout(120_000);

const run = promisify(execFile);

async function tensorZeroVerdict(configGlob: string): Promise<{ accepted: boolean; error?: string; version?: string }> {
  const { python, configValidator } = engineFiles();
  const { stdout } = await run(python, [configValidator, configGlob], { maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(stdout.trim().split('\n').at(-1) as string);
}

const describeEngine = process.env.TENSORZERO_CONTRACT === 'off' ? describe.skip : describe;

describeEngine("TensorZero's engine accepts the configs the harness writes for every variant type", () => {
  let tmp: string;
  let location: Awaited<ReturnType<typeof generateT0Config>>;
  beforeAll(async () => {
    const probe = await probeTensorZeroEngine();
    if ('unavailable' in probe) throw new Error(`TensorZero's engine is not available: ${probe.unavailable} (TENSORZERO_CONTRACT=off skips this test)`);
  });
  beforeEach(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'tensorzero-accepts-'));
    location = await generateT0Config({ spec: sampleEnvironment, initialModel: 'sim::small', outDir: path.join(tmp, 'config') });
    await writeSimModelsToml(location.configDir, 'http://127.0.0.1:9/v1/');
  });
  afterEach(async () => {
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it('accepts the baseline with every variant-type edit applied', async () => {
    const result = await applyConfigEdits(location.configDir, variantTypeEdits(), { validate: checkBuiltinGatewayConfig });
    expect(result.rejected).toEqual([]);
    expect(await tensorZeroVerdict(location.configGlob)).toEqual({ accepted: true, version: expect.any(String) });
  });

  it('rejects what the harness refuses (control: the check can fail)', async () => {
    // written straight into the TOML, bypassing edit validation, as a broken config would be
    const toml = path.join(location.configDir, 'tensorzero.toml');
    await fs.writeFile(path.join(location.configDir, 'ghost_user.minijinja'), '{{ text }}');
    await fs.appendFile(
      toml,
      `\n[functions."${JSON_FN}".variants.ghostly]\ntype = "experimental_mixture_of_n"\ncandidates = ["ghost"]\n` +
        `[functions."${JSON_FN}".variants.ghostly.fuser]\nmodel = "sim::large"\njson_mode = "strict"\nuser_template = "ghost_user.minijinja"\n`,
    );
    const verdict = await tensorZeroVerdict(location.configGlob);
    expect(verdict.accepted).toBe(false);
    expect(verdict.error).toMatch(/ghost/);
    await expect(checkBuiltinGatewayConfig(toml)).rejects.toThrow(/unknown candidate variant 'ghost'/);
  });
});
