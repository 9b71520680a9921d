import { GatewayConfigError } from './config-error';
import { isPlainTable } from './file-fields';
import { formatKeyPath, type KeyPath } from './key-path';

export interface ParsedConfigFile {
  file: string;
  table: Record<string, unknown>;
}

export interface MergedConfig {
  merged: Record<string, unknown>;
  /** which file defines the value at a key path */
  locate(path: KeyPath): string | undefined;
}

/**
 * Merges the tables of several TOML files recursively. The same non-table key in two files
 * (or a table in one and a value in the other) is an error naming both files.
 */
export function mergeConfigFiles(files: ParsedConfigFile[]): MergedConfig {
  const merged: Record<string, unknown> = {};
  const origins = new Map<string, string>();
  const id = (path: KeyPath) => JSON.stringify(path);

  const mergeInto = (target: Record<string, unknown>, source: Record<string, unknown>, file: string, prefix: string[]) => {
    for (const [key, value] of Object.entries(source)) {
      const keyPath = [...prefix, key];
      const existing = target[key];
      if (existing === undefined) {
        target[key] = isPlainTable(value) ? mergeInto({}, value, file, keyPath) : value;
        if (!isPlainTable(value)) origins.set(id(keyPath), file);
        else if (!origins.has(id(keyPath))) origins.set(id(keyPath), file);
        continue;
      }
      if (isPlainTable(existing) && isPlainTable(value)) {
        mergeInto(existing, value, file, keyPath);
        continue;
      }
      const other = origins.get(id(keyPath)) ?? 'another file';
      throw new GatewayConfigError({
        file,
        keyPath: formatKeyPath(keyPath),
        problem: `duplicate values in globbed TOML config files (also defined in ${other})`,
      });
    }
    return target;
  };
  for (const { file, table } of files) mergeInto(merged, table, file, []);

  const locate = (path: KeyPath): string | undefined => {
    for (let length = path.length; length >= 0; length--) {
      const hit = origins.get(id(path.slice(0, length)));
      if (hit) return hit;
    }
    return files.length === 1 ? files[0].file : undefined;
  };
  return { merged, locate };
}
