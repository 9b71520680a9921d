import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { anthropicMessage, startFakeAnthropicServer, type FakeAnthropicServer } from '../fakes/providers/fake-anthropic-server';
import type { RecordedRequest } from '../fakes/providers/fake-http-server';
import { startFakeGeminiServer, type FakeGeminiServer } from '../fakes/providers/fake-gemini-server';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../fakes/providers/fake-openai-server';
import { simulatedAnthropicHandler, simulatedGeminiHandler, simulatedOpenAiHandler } from '../fakes/providers/simulated-replies';
import { REPO_ROOT, runCli } from '../support/cli';
import { startDevServer, type DevServer } from '../support/temporal-dev-server';

/**
 * A whole benchmark run on "real" providers: the NER quickstart with its application on
 * `openai::gpt-4o-mini`, the shipped interlocutor config (`anthropic::claude-sonnet-4-6`) and a
 * Gemini model the operator allows — every call crossing the wire formats of OpenAI, Anthropic
 * and Gemini to local servers that answer with the simulator's content. (The remote APIs are the
 * only part mocked here; the gateways, autopilot, Temporal and environment are the real ones.)
 */
jest.setTimeout(300_000);

const KEYS = { OPENAI_API_KEY: 'sk-openai-run-5150', ANTHROPIC_API_KEY: 'sk-ant-run-6160', GOOGLE_AI_STUDIO_API_KEY: 'AIza-run-7170' };
const GEMINI = 'google_ai_studio_gemini::gemini-2.5-flash';
const OPERATOR_ANSWER = `You may use openai::gpt-4o-mini and ${GEMINI}; keep it under $5.`;

let server: DevServer;
let root: string;
let openai: FakeOpenAiServer;
let anthropic: FakeAnthropicServer;
let gemini: FakeGeminiServer;

beforeAll(async () => {
  server = await startDevServer();
  root = mkdtempSync(path.join(os.tmpdir(), 'real-providers-run-'));
  openai = await startFakeOpenAiServer(simulatedOpenAiHandler({ tier: 'small', seed: 3 }));
  // The interlocutor's calls get the operator's answer; anything else is simulated.
  const simulatedClaude = simulatedAnthropicHandler({ tier: 'large', seed: 3 });
  anthropic = await startFakeAnthropicServer(
    (request, index) =>
      isInterlocutorCall(request)
        ? { body: anthropicMessage({ text: OPERATOR_ANSWER }) }
        : simulatedClaude(request, index),
    { apiKey: KEYS.ANTHROPIC_API_KEY },
  );
  gemini = await startFakeGeminiServer(simulatedGeminiHandler({ tier: 'large', seed: 3 }), { apiKey: KEYS.GOOGLE_AI_STUDIO_API_KEY });
}, 120_000);

afterAll(async () => {
  await Promise.all([openai?.close(), anthropic?.close(), gemini?.close()]);
  await server?.stop();
});

/** Anthropic's `system` is a list of text blocks; the interlocutor's prompt opens with this sentence. */
function isInterlocutorCall(request: RecordedRequest): boolean {
  return JSON.stringify(request.body.system ?? '').includes('You stand in for the user of an AI optimization system');
}

function allFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? allFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

test('a benchmark run whose config names OpenAI, Anthropic and Gemini models runs end to end over their wire formats', async () => {
  const config = parseYaml(readFileSync(path.join(REPO_ROOT, 'configs/quickstart.yaml'), 'utf8'));
  config.autopilot_target.builtin = { optimizer_model: null, strategies: { chain_of_thought: false } };
  config.interlocutor = { config_file: path.join(REPO_ROOT, 'interlocutor_config/tensorzero.toml') };
  const env = config.environments[0];
  env.initial_model = 'openai::gpt-4o-mini';
  env.available_models = []; // no models named: the autopilot asks the operator
  const configFile = path.join(root, 'real-providers.yaml');
  writeFileSync(configFile, stringifyYaml(config));

  const result = await runCli(['run', '--config', configFile, '--work-dir', path.join(root, 'out'), '--episodes', '8', '--num-iterations', '1', '--seed', '4'], {
    env: {
      TEMPORAL_ADDRESS: server.address,
      AUTOPILOT_BENCH_STATE_DIR: server.stateDir,
      ...KEYS,
      AUTOPILOT_BENCH_OPENAI_API_BASE: openai.apiBase,
      AUTOPILOT_BENCH_ANTHROPIC_API_BASE: anthropic.apiBase,
      AUTOPILOT_BENCH_GOOGLE_AI_STUDIO_GEMINI_API_BASE: gemini.apiBase,
    },
  });
  if (result.exitCode !== 0) throw new Error(`run failed:\n${result.all.slice(-6000)}`);

  const envDir = path.join(root, 'out', 'ner_conllpp_v0');
  const runDir = path.join(envDir, readdirSync(envDir)[0]);
  const iterations = JSON.parse(readFileSync(path.join(runDir, 'results/iterations.json'), 'utf8'));
  expect(iterations.map((it: { phase: string }) => it.phase)).toEqual(['baseline', 'post_autopilot']);
  expect(iterations[0].metrics.test.exact_match.n).toBe(8);

  // The application ran on OpenAI's wire format with its key and strict structured output.
  expect(openai.requests.length).toBeGreaterThanOrEqual(16);
  expect(openai.requests.every((r) => r.headers.authorization === `Bearer ${KEYS.OPENAI_API_KEY}` && r.body.model === 'gpt-4o-mini')).toBe(true);
  expect(openai.requests.some((r) => (r.body.response_format as { type?: string } | undefined)?.type === 'json_schema')).toBe(true);

  // The autopilot's question went to the shipped interlocutor on Anthropic, and its answer was followed.
  const interlocutorCalls = anthropic.requests.filter((r) => isInterlocutorCall(r));
  expect(interlocutorCalls).toHaveLength(1);
  expect(interlocutorCalls[0].body.model).toBe('claude-sonnet-4-6');
  // (the console is quiet; the answer is in the run's log file and in the session transcript)
  expect(readFileSync(path.join(runDir, 'run.log.jsonl'), 'utf8')).toContain(OPERATOR_ANSWER);
  expect(readFileSync(path.join(runDir, 'autopilot/iteration_001/session_events.json'), 'utf8')).toContain(OPERATOR_ANSWER);
  // …so Gemini candidates were scored (dry runs) and the deployed config names the allowed models only.
  expect(gemini.requests.length).toBeGreaterThan(0);
  expect(gemini.requests.every((r) => r.path.includes('gemini-2.5-flash:generateContent') && r.headers['x-goog-api-key'] === KEYS.GOOGLE_AI_STUDIO_API_KEY)).toBe(true);
  const deployed = readFileSync(path.join(runDir, 'config/tensorzero.toml'), 'utf8');
  const models = [...deployed.matchAll(/^model = "([^"]+)"/gm)].map((m) => m[1]);
  expect(models).toContain('openai::gpt-4o-mini');
  expect(models.filter((m) => m !== 'openai::gpt-4o-mini' && m !== GEMINI)).toEqual([]);

  // No key value in any artifact or in the console.
  for (const file of allFiles(runDir)) {
    const text = readFileSync(file).toString('latin1');
    for (const key of Object.values(KEYS)) expect(text.includes(key) ? `${file} contains ${key}` : null).toBeNull();
  }
  for (const key of Object.values(KEYS)) expect(result.all).not.toContain(key);
});
