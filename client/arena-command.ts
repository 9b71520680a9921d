/**
 * `autopilot-benchmark arena`: the same config, seeds and budget for every listed autopilot, one
 * `run --seeds` each (so the same seed gives every autopilot the same train and test tasks), then
 * the ranked table (compare/arena-table.ts). Runs go to `<work-dir>/<autopilot>/`; the table is
 * also written there as `arena.md` and `arena.json`. Runs on `local::` models share one response
 * cache (`<work-dir>/local-responses.sqlite`), so every autopilot of a seed sees the same baseline.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { buildArenaReport, renderArenaMarkdown, type ArenaEntry } from '../compare/arena-table';
import { RESPONSE_CACHE_VARIABLE } from '../local-models/response-cache';
import { parseAutopilotSpecs } from './arena-specs';
import { runCommand, type Output } from './run-command';

export interface ArenaCommandOptions {
  config: string;
  /** comma-separated: builtin, placebo, model_switch, random_edit, gepa, dspy_mipro, dspy_gepa, http=<url> */
  autopilots: string;
  seeds: number[];
  workDir: string;
  env?: string;
  numIterations?: number;
  episodes?: number;
  json?: boolean;
}

/** The config with `autopilot_target` replaced (everything else — budget, environments, seeds — kept). */
function configFor(configPath: string, target: Record<string, unknown>, out: string): string {
  const doc = parseDocument(readFileSync(configPath, 'utf8'));
  doc.set('autopilot_target', doc.createNode(target));
  writeFileSync(out, doc.toString());
  return out;
}

export async function arenaCommand(options: ArenaCommandOptions, out: Output): Promise<void> {
  const configPath = path.resolve(options.config);
  const builtinBlock = parseDocument(readFileSync(configPath, 'utf8')).toJS()?.autopilot_target?.builtin as Record<string, unknown> | undefined;
  const specs = parseAutopilotSpecs(options.autopilots, builtinBlock);
  const root = path.resolve(options.workDir);
  // local:: models answer greedy requests the same way every time: one shared response cache
  // generates each seed's baseline once for all autopilots (an in-process worker inherits this;
  // remote workers set the variable themselves)
  process.env[RESPONSE_CACHE_VARIABLE] ??= path.join(root, 'local-responses.sqlite');
  const entries: ArenaEntry[] = [];
  for (const spec of specs) {
    const dir = path.join(root, spec.name.replace(/[^A-Za-z0-9_.-]+/g, '_'));
    mkdirSync(dir, { recursive: true });
    const started = Date.now();
    await runCommand(
      { config: configFor(configPath, spec.target, path.join(dir, 'config.yaml')), workDir: dir, seeds: options.seeds, env: options.env, numIterations: options.numIterations, episodes: options.episodes },
      () => undefined, // each run's own tables stay in its directory; the arena prints one table
    );
    entries.push({ name: spec.name, dir, wall_seconds: (Date.now() - started) / 1000 });
  }
  const report = await buildArenaReport(entries);
  const markdown = renderArenaMarkdown(report);
  writeFileSync(path.join(root, 'arena.md'), markdown + '\n');
  writeFileSync(path.join(root, 'arena.json'), JSON.stringify(report, null, 2) + '\n');
  out(options.json ? JSON.stringify(report, null, 2) : markdown);
}
