import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'puppeteer-core';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { REPO_ROOT, runCli } from '../support/cli';
import { launchChromium, openOffline } from '../support/headless-chromium';
import { startDevServer, type DevServer } from '../support/temporal-dev-server';

/**
 * The HTML report in a real browser. Three real quickstart runs (seeds 1,2,3; 4 episodes,
 * 2 iterations) through the built CLI on a dev server; each run writes its own report.html,
 * and `report` makes the three-seed comparison. Both pages are opened from file:// in headless
 * Chromium with every other request refused and counted. Screenshots go to test-artifacts/.
 */
jest.setTimeout(600_000);

const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts');
const ITERATIONS = 2;
let server: DevServer;
let root: string;
let browser: Browser;
let envDir: string;
let runStdout: string;

interface PlottedSeries {
  label: string;
  points: number;
}

/** What the page plotted: each chart's series with the number of non-null points. */
async function plotted(page: import('puppeteer-core').Page): Promise<Record<string, PlottedSeries[]>> {
  return page.evaluate(() => {
    const charts = (globalThis as unknown as { reportCharts: Record<string, { plot: { data: (number | null)[][] }; spec: { series: { label: string }[] } }> }).reportCharts;
    const out: Record<string, { label: string; points: number }[]> = {};
    for (const [id, chart] of Object.entries(charts)) {
      out[id] = chart.spec.series.map((s, i) => ({ label: s.label, points: chart.plot.data[i + 1].filter((v) => v !== null).length }));
    }
    return out;
  });
}

beforeAll(async () => {
  server = await startDevServer();
  root = mkdtempSync(path.join(os.tmpdir(), 'report-browser-'));
  mkdirSync(ARTIFACTS, { recursive: true });
  const config = parseYaml(readFileSync(path.join(REPO_ROOT, 'configs/quickstart.yaml'), 'utf8'));
  config.interlocutor = { config_file: path.join(REPO_ROOT, config.interlocutor.config_file) };
  const configFile = path.join(root, 'quickstart.yaml');
  writeFileSync(configFile, stringifyYaml(config));
  const workDir = path.join(root, 'out');
  const result = await runCli(['run', '--config', configFile, '--work-dir', workDir, '--seeds', '1,2,3', '--episodes', '4', '--num-iterations', String(ITERATIONS)], {
    env: { TEMPORAL_ADDRESS: server.address, AUTOPILOT_BENCH_STATE_DIR: server.stateDir },
  });
  if (result.exitCode !== 0) throw new Error(`run failed:\n${result.all.slice(-5000)}`);
  runStdout = result.all;
  envDir = path.join(workDir, 'ner_conllpp_v0');
  browser = await launchChromium();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

test('run writes report.html into each work dir, prints its path, and the page works offline', async () => {
  const leaves = readdirSync(envDir).sort();
  expect(leaves).toHaveLength(3);
  const runDir = path.join(envDir, leaves[0]);
  const reportFile = path.join(runDir, 'report.html');
  expect(existsSync(reportFile)).toBe(true);
  expect(runStdout).toContain(`Report: ${reportFile}`);

  const fileUrl = pathToFileURL(reportFile).href;
  const { page, refusedRequests, consoleErrors } = await openOffline(browser, fileUrl);
  expect(refusedRequests).toEqual([]);
  expect(consoleErrors).toEqual([]);
  const charts = await plotted(page);
  // one point per iteration (baseline + ITERATIONS) on the run's test line
  expect(charts['learning-curve'].find((s) => s.label === 'seed 1 test')?.points).toBe(ITERATIONS + 1);
  // the workflow id is recorded by the run and linked to the Web UI
  const link = await page.$eval('dl.facts a', (a) => ({ href: a.getAttribute('href') ?? "", text: a.textContent }));
  expect(link.text).toMatch(/^bench-ner_conllpp_v0-\d{8}T\d{6}Z-seed1-[0-9a-f]{8}$/);
  expect(link.href).toContain(`/namespaces/default/workflows/${link.text}`);
  // the autopilot transcript and the config diffs of iteration 1
  expect(await page.$$eval('details.transcript li.t-tool-call', (items) => items.length)).toBeGreaterThan(0);
  // the saved session events: the autopilot's own messages and the harness's opening message
  const speakers = await page.$$eval('details.transcript li.t-message .t-head', (heads) => heads.map((h) => h.textContent ?? ''));
  expect(speakers.some((s) => s.startsWith('autopilot'))).toBe(true);
  expect(speakers.some((s) => s.startsWith('harness → autopilot'))).toBe(true);
  expect(await page.$$eval('details.transcript li.t-message pre', (texts) => texts.some((t) => (t.textContent ?? '').length > 0))).toBe(true);
  expect(await page.$$eval('details.diff .dadd', (lines) => lines.length)).toBeGreaterThan(0);
  await page.screenshot({ path: path.join(ARTIFACTS, 'report-quickstart.png'), fullPage: false });
});

test('report over three seeds: one point per iteration per seed, the pooled mean, offline, no console error', async () => {
  const out = path.join(root, 'comparison.html');
  const result = await runCli(['report', envDir, '--out', out], { env: { TEMPORAL_ADDRESS: '127.0.0.1:1' }, timeoutMs: 60_000 });
  expect(result.exitCode).toBe(0);
  expect(result.stdout).toContain(`Report written: ${out}`);

  const fileUrl = pathToFileURL(out).href;
  const { page, refusedRequests, consoleErrors } = await openOffline(browser, fileUrl);
  expect(refusedRequests).toEqual([]);
  expect(consoleErrors).toEqual([]);
  const charts = await plotted(page);
  for (const seed of [1, 2, 3]) expect(charts['learning-curve'].find((s) => s.label === `seed ${seed} test`)?.points).toBe(ITERATIONS + 1);
  expect(charts['learning-curve'].find((s) => s.label === 'pooled mean test')?.points).toBe(ITERATIONS + 1);
  // the paired Δ per iteration after the baseline, per seed and pooled
  for (const seed of [1, 2, 3]) expect(charts['paired-delta'].find((s) => s.label === `seed ${seed} Δ`)?.points).toBe(ITERATIONS);
  expect(charts['paired-delta'].find((s) => s.label === 'mean Δ over seeds')?.points).toBe(ITERATIONS);
  expect(await page.$$eval('section.run', (runs) => runs.length)).toBe(3);
  expect(await page.$$eval('details.transcript', (items) => items.length)).toBe(3 * ITERATIONS);
  expect(await page.$$eval('details.diff', (diffs) => diffs.length)).toBeGreaterThan(0);
  await page.screenshot({ path: path.join(ARTIFACTS, 'report-three-seeds.png'), fullPage: false });
});
