import { promises as fs } from 'node:fs';
import { parse as parseToml } from 'smol-toml';
import { GatewayConfigError } from './config-error';
import { configHash, configSnapshot } from './config-snapshot';
import { expandConfigGlob } from './expand-glob';
import { attachFiles } from './file-fields';
import { mergeConfigFiles, type ParsedConfigFile } from './merge-tables';
import { normaliseConfig } from './normalise-config';
import type { GatewayConfig } from './types';

/**
 * Loads `--config-file` (a TOML path or a glob of TOML files), merges the files, reads every
 * referenced template/schema file relative to the TOML file naming it, validates everything
 * and compiles templates and schemas. Throws `GatewayConfigError` naming the file and key path.
 */
export async function loadGatewayConfig(configFileOrGlob: string): Promise<GatewayConfig> {
  const { files, baseDir } = await expandConfigGlob(configFileOrGlob);
  const parsed: ParsedConfigFile[] = [];
  for (const file of files) {
    const text = await fs.readFile(file, 'utf8');
    let table: Record<string, unknown>;
    try {
      table = parseToml(text) as Record<string, unknown>;
    } catch (err) {
      throw new GatewayConfigError({ file, problem: `TOML syntax error: ${(err as Error).message.split('\n')[0]}` });
    }
    await attachFiles(table, file, baseDir);
    parsed.push({ file, table });
  }
  return buildConfig(parsed, baseDir, files);
}

/** The config of `--default-config`: no functions, only `model_name` inference. */
export function defaultGatewayConfig(configDir: string = process.cwd()): GatewayConfig {
  return buildConfig([], configDir, []);
}

function buildConfig(parsed: ParsedConfigFile[], configDir: string, sourceFiles: string[]): GatewayConfig {
  const { merged, locate } = mergeConfigFiles(parsed);
  const normalised = normaliseConfig(merged, locate);
  const snapshot = configSnapshot(merged);
  return { ...normalised, configDir, sourceFiles, snapshot, hash: configHash(snapshot) };
}
