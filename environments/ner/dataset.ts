import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { rowsFromConllCsv, NerDatasetFormatError } from './conll-csv';
import { cachedDownload } from './data-cache';
import { nerEntitiesSchema, type NerRow, type NerSplit } from './entities';
import type { NerEnvConfig } from './env-config';
import { indexNerRows } from './gold-index';
import syntheticJson from './data/synthetic-conllpp.json';

export const SYNTHETIC_DATASET_SOURCE = 'synthetic-conllpp.json';

let syntheticRows: NerRow[] | undefined;

/** The shipped synthetic dataset (validated and indexed for the oracle on first use). */
export function loadSyntheticRows(): NerRow[] {
  if (!syntheticRows) {
    const rows = syntheticJson as unknown[];
    syntheticRows = rows.map((row, index) => {
      const r = row as { input?: unknown; output?: unknown; split?: unknown };
      const output = nerEntitiesSchema.safeParse(r.output);
      if (typeof r.input !== 'string' || !output.success || (r.split !== 'train' && r.split !== 'test')) {
        throw new NerDatasetFormatError(SYNTHETIC_DATASET_SOURCE, null, `row ${index} is not {input, output, split}`);
      }
      return { input: r.input, output: output.data, split: r.split };
    });
    indexNerRows(syntheticRows);
  }
  return syntheticRows;
}

/** Loaded datasets by source, so the per-episode environments of a rollout share one parse. */
const loaded = new Map<string, Promise<NerRow[]>>();

/** Every row (both splits) of the dataset `config` selects; rows are indexed for the oracle. */
export function loadNerDataset(config: NerEnvConfig): Promise<NerRow[]> {
  const key = config.data_path ? `path:${path.resolve(config.data_path)}` : config.data_url ? `url:${config.data_url}` : 'synthetic';
  let promise = loaded.get(key);
  if (!promise) {
    promise = readDataset(config).then((rows) => {
      indexNerRows(rows);
      return rows;
    });
    promise.catch(() => loaded.delete(key)); // a failed load may succeed later (file fixed, network back)
    loaded.set(key, promise);
  }
  return promise;
}

async function readDataset(config: NerEnvConfig): Promise<NerRow[]> {
  if (config.data_path) {
    const file = path.resolve(config.data_path);
    return rowsFromConllCsv(await fs.readFile(file, 'utf8'), file);
  }
  if (config.data_url) {
    const file = await cachedDownload(config.data_url);
    return rowsFromConllCsv(await fs.readFile(file, 'utf8'), config.data_url);
  }
  return loadSyntheticRows();
}

/** The rows of one split, in file order, capped at `maxRows`. */
export function selectSplit(rows: readonly NerRow[], split: NerSplit, maxRows?: number): NerRow[] {
  const selected = rows.filter((row) => row.split === split);
  return maxRows === undefined ? selected : selected.slice(0, maxRows);
}
