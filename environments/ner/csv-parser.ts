/**
 * RFC 4180 CSV: comma-separated fields, optional double quotes around a field, `""` for a quote
 * inside a quoted field, commas and line breaks (LF, CRLF or CR) allowed inside quotes. A UTF-8
 * byte-order mark is dropped; blank lines are skipped.
 */
export class CsvParseError extends Error {
  override name = 'CsvParseError';
  constructor(readonly line: number, readonly detail: string, readonly source?: string) {
    super(`${source ? `${source}: ` : ''}CSV line ${line}: ${detail}`);
  }
}

export function parseCsv(text: string, source?: string): string[][] {
  return parseCsvLines(text, source).map((record) => record.fields);
}

/** Like parseCsv, with the line each record starts on (quoted line breaks make them differ from indices). */
export function parseCsvLines(text: string, source?: string): { line: number; fields: string[] }[] {
  const records: { line: number; fields: string[] }[] = [];
  let record: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let quoted = false; // the current field started with a quote
  let fieldStarted = false;

  const endField = () => {
    record.push(field);
    field = '';
    quoted = false;
    fieldStarted = false;
  };
  const endRecord = () => {
    endField();
    if (!(record.length === 1 && record[0] === '')) records.push({ line: recordLine, fields: record });
    record = [];
  };

  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        // closing quote: only a separator, a line break or the end may follow
        const after = text[i + 1];
        if (after !== undefined && after !== ',' && after !== '\n' && after !== '\r') {
          throw new CsvParseError(line, `unexpected character '${after}' after a closing quote`, source);
        }
        quoted = false;
        i++;
        continue;
      }
      if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++;
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
      i++;
      continue;
    }
    if (ch === ',') {
      endField();
      i++;
      continue;
    }
    if (ch === '\n' || ch === '\r') {
      endRecord();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
      continue;
    }
    field += ch;
    fieldStarted = true;
    i++;
  }
  if (quoted) throw new CsvParseError(recordLine, 'a quoted field is not closed before the end of the file', source);
  if (fieldStarted || record.length > 0) endRecord();
  return records;
}

/** Rows as objects keyed by the header row; every row must have as many fields as the header. */
export function parseCsvRecords(text: string, source?: string): { header: string[]; rows: { line: number; values: Record<string, string> }[] } {
  const records = parseCsvLines(text, source);
  if (records.length === 0) throw new CsvParseError(1, 'the file is empty (no header row)', source);
  const [{ fields: header }, ...body] = records;
  return {
    header,
    rows: body.map(({ line, fields }) => {
      if (fields.length !== header.length) {
        throw new CsvParseError(line, `expected ${header.length} fields like the header, found ${fields.length}`, source);
      }
      return { line, values: Object.fromEntries(header.map((name, col) => [name, fields[col]])) };
    }),
  };
}
