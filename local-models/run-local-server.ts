import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { startLocalServerProcess, type LocalServerProcess } from './server-process';

const LOCAL_MODEL_PATTERN = /local::([A-Za-z0-9_.\-/]+)/g;

/** Every `local::<model>` named in the given texts (configs, settings), in first-seen order. */
export function localModelsNamedIn(texts: readonly string[]): string[] {
  const found = new Set<string>();
  for (const text of texts) for (const match of text.matchAll(LOCAL_MODEL_PATTERN)) found.add(match[1]);
  return [...found];
}

export interface LocalServerForRunOptions {
  /** the run's settings (initial model, available models, optimiser) as data */
  settings: unknown;
  /** the gateway config folder and the interlocutor config file, read when present */
  configDir: string;
  interlocutorFile: string;
  logDir: string;
}

/**
 * Starts the run's local inference server when anything in the run names a `local::` model
 * (those models are loaded up front, so a missing or too-big model fails the run's start
 * with its own error); undefined otherwise.
 */
export async function startLocalServerForRun(options: LocalServerForRunOptions): Promise<LocalServerProcess | undefined> {
  const texts = [JSON.stringify(options.settings)];
  if (existsSync(options.configDir)) {
    for (const file of readdirSync(options.configDir)) if (file.endsWith('.toml')) texts.push(readFileSync(path.join(options.configDir, file), 'utf8'));
  }
  if (existsSync(options.interlocutorFile)) texts.push(readFileSync(options.interlocutorFile, 'utf8'));
  const models = localModelsNamedIn(texts);
  if (models.length === 0) return undefined;
  return startLocalServerProcess({ preload: models, logDir: options.logDir });
}
