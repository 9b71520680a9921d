import { InvalidEnvironmentConfigError } from '../errors';
import type { EnvironmentDefinition, EnvironmentOptions } from '../types';
import { loadNerDataset, selectSplit } from './dataset';
import { parseNerEnvConfig } from './env-config';
import { NerEnvironment } from './ner-environment';
import { NER_ENV_NAME, NER_SPEC } from './spec';
import type { NerSplit } from './entities';

/** `ner_conllpp_v0`: single-step named-entity extraction on CoNLL++ (or the shipped synthetic data). */
export const nerEnvironment: EnvironmentDefinition = {
  name: NER_ENV_NAME,
  async describe(config) {
    parseNerEnvConfig(config);
    return structuredClone(NER_SPEC);
  },
  async make(options: EnvironmentOptions) {
    const config = parseNerEnvConfig(options.config);
    const split = parseSplit(options.taskSplit);
    const rows = selectSplit(await loadNerDataset(config), split, config.max_rows);
    return new NerEnvironment({ spec: structuredClone(NER_SPEC), rows, split });
  },
};

function parseSplit(split: string | undefined): NerSplit {
  if (split === undefined || split === 'train' || split === 'test') return split ?? 'train';
  throw new InvalidEnvironmentConfigError(NER_ENV_NAME, 'task_split', `unknown split '${split}'; use 'train' or 'test'`);
}

export { NerEnvironment } from './ner-environment';
export { NER_ENV_NAME, NER_FUNCTION_NAME, NER_SPEC, NER_OUTPUT_SCHEMA, NER_EXAMPLE_SYSTEM_TEMPLATE } from './spec';
export { computeExactMatch, computeJaccardSimilarity, flattenEntities } from './metrics';
export { ENTITY_CATEGORIES, asNerEntities, type NerEntities, type NerRow, type NerSplit } from './entities';
export { loadNerDataset, loadSyntheticRows, selectSplit } from './dataset';
export { parseCsv, parseCsvRecords, CsvParseError } from './csv-parser';
export { rowsFromConllCsv, NerDatasetFormatError } from './conll-csv';
export { cachedDownload, dataCacheDir, DatasetDownloadError } from './data-cache';
export { lookupNerGold } from './gold-index';
