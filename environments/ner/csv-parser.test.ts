import { CsvParseError, parseCsv, parseCsvRecords } from './csv-parser';

describe('parseCsv', () => {
  it('splits plain fields and records (LF, CRLF and CR line ends)', () => {
    expect(parseCsv('a,b\n1,2\r\n3,4\r5,6')).toEqual([['a', 'b'], ['1', '2'], ['3', '4'], ['5', '6']]);
  });

  it('handles quoted fields with doubled quotes, commas and line breaks inside', () => {
    const text = 'input,n\n"He said ""yes"", then left",1\n"two\nlines, one field",2\n';
    expect(parseCsv(text)).toEqual([['input', 'n'], ['He said "yes", then left', '1'], ['two\nlines, one field', '2']]);
  });

  it('keeps empty fields, including a trailing one, and skips blank lines and a BOM', () => {
    expect(parseCsv('\ufeffa,b,c\n,x,\n\n"",,"z"\n')).toEqual([['a', 'b', 'c'], ['', 'x', ''], ['', '', 'z']]);
  });

  it('rejects an unterminated quoted field, naming the line it starts on', () => {
    expect(() => parseCsv('a\n"ok"\n"open\nstill open', 'f.csv')).toThrow(new CsvParseError(3, 'a quoted field is not closed before the end of the file', 'f.csv'));
  });

  it('rejects text after a closing quote', () => {
    expect(() => parseCsv('"a"b,c')).toThrow(CsvParseError);
  });
});

describe('parseCsvRecords', () => {
  it('keys rows by the header and reports the physical line of each record', () => {
    const { header, rows } = parseCsvRecords('x,y\n"multi\nline",1\nplain,2\n');
    expect(header).toEqual(['x', 'y']);
    expect(rows).toEqual([
      { line: 2, values: { x: 'multi\nline', y: '1' } },
      { line: 4, values: { x: 'plain', y: '2' } },
    ]);
  });

  it('rejects a row whose field count differs from the header', () => {
    expect(() => parseCsvRecords('x,y\n1,2,3\n', 'data.csv')).toThrow(/data\.csv: CSV line 2: expected 2 fields like the header, found 3/);
  });
});
