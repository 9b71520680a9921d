import { parseCsvRecords } from './csv-parser';
import { asNerEntities, type NerRow, type NerSplit } from './entities';

/** A CoNLL++ CSV that does not have the expected columns or values. */
export class NerDatasetFormatError extends Error {
  override name = 'NerDatasetFormatError';
  constructor(readonly source: string, readonly line: number | null, detail: string) {
    super(`${source}${line === null ? '' : ` line ${line}`}: ${detail}`);
  }
}

const SPLIT_VALUES: Record<string, NerSplit> = { '0': 'train', '1': 'test', train: 'train', test: 'test' };

/**
 * Rows of the CoNLL++ CSV: `input` (sentence), `output` (JSON string of the four entity lists),
 * `split` (`0` = train, `1` = test). Other columns (e.g. a pandas index) are ignored.
 */
export function rowsFromConllCsv(text: string, source: string): NerRow[] {
  const { header, rows } = parseCsvRecords(text, source);
  for (const column of ['input', 'output', 'split']) {
    if (!header.includes(column)) throw new NerDatasetFormatError(source, 1, `missing column '${column}' (found: ${header.join(', ')})`);
  }
  return rows.map(({ line, values }) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(values.output);
    } catch (err) {
      throw new NerDatasetFormatError(source, line, `column 'output' is not JSON: ${(err as Error).message}`);
    }
    const output = asNerEntities(parsed);
    if (!output) throw new NerDatasetFormatError(source, line, "column 'output' must hold lists of strings under person, organization, location and miscellaneous");
    const split = SPLIT_VALUES[values.split.trim().replace(/\.0$/, '')];
    if (!split) throw new NerDatasetFormatError(source, line, `column 'split' must be 0 (train) or 1 (test), got '${values.split}'`);
    return { input: values.input, output, split };
  });
}
