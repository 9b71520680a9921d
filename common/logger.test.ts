import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { closeLogFile, getLogger, keepLogForFile, openLogFile, redirectConsoleLog } from './logger';
import { registerSecret } from './secrets';

test('a quiet console shows warnings and errors only; the file gets every line, from before it opened too, redacted', async () => {
  const consoleLines: string[] = [];
  redirectConsoleLog((text) => void consoleLines.push(text));
  const unregister = registerSecret('sk-logger-secret-123');
  try {
    keepLogForFile({ quiet: true });
    const log = getLogger('test');
    log.info('before the file opened');
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'logger-')), 'run', 'run.log.jsonl');
    openLogFile(file);
    log.info({ key: 'sk-logger-secret-123' }, 'after it opened');
    log.warn('something to see');
    await closeLogFile();

    expect(consoleLines).toHaveLength(1);
    expect(consoleLines[0]).toMatch(/ WARNING test: something to see\n$/);
    const entries = readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { msg: string; key?: string });
    expect(entries.map((e) => e.msg)).toEqual(['before the file opened', 'after it opened', 'something to see']);
    expect(entries[1].key).toBe('[REDACTED]');
  } finally {
    unregister();
    redirectConsoleLog(null);
  }
});
