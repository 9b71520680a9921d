import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { writeCheckpoint } from './write-checkpoint';
import { makeWorkDir, tempDir, type WorkDirFixture } from '../test/fixtures/checkpoint-work-dir';

/**
 * A gateway-like writer in another process keeps committing to the train store (WAL) while
 * checkpoints are taken. Each transaction inserts one row into `a` and one into `b`, so a torn
 * copy would show `a` and `b` out of step.
 */
const WRITER = `
const Database = require('better-sqlite3');
const { randomBytes } = require('node:crypto');
const db = new Database(process.env.STORE);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec('CREATE TABLE IF NOT EXISTS a (id INTEGER PRIMARY KEY, payload BLOB NOT NULL); CREATE TABLE IF NOT EXISTS b (id INTEGER PRIMARY KEY, a_id INTEGER NOT NULL)');
const insertA = db.prepare('INSERT INTO a (payload) VALUES (?)');
const insertB = db.prepare('INSERT INTO b (a_id) VALUES (?)');
const one = db.transaction(() => insertB.run(insertA.run(randomBytes(2048)).lastInsertRowid));
db.transaction(() => { for (let i = 0; i < 4000; i++) one(); })();
process.stdout.write('ready\\n');
for (;;) one();
`;

function startWriter(store: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', WRITER], {
    cwd: path.resolve(__dirname, '..'), // resolves better-sqlite3 from the project
    env: { ...process.env, STORE: store },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
    child.stdout!.on('data', (chunk) => String(chunk).includes('ready') && resolve(child));
    child.on('exit', (code) => reject(new Error(`writer exited with ${code}: ${stderr}`)));
  });
}

const committedRows = (store: string): number => {
  const db = new Database(store, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM a').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

describe('writeCheckpoint with a live writer', () => {
  let root: string;
  let work: WorkDirFixture;
  let writer: ChildProcess | undefined;

  beforeEach(() => {
    root = tempDir('live-backup-');
    work = makeWorkDir(path.join(root, 'ner', 'run'));
    work.close(); // the fixture's own connections; the writer process plays the train gateway
  });
  afterEach(() => {
    writer?.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  });

  it('copies a consistent store holding every row committed before the backup started, without stopping the writer', async () => {
    const store = path.join(work.workDir, 'gateway/store.sqlite');
    writer = await startWriter(store);
    let previous = 0;
    for (const iteration of [1, 2, 3]) {
      const committedBefore = committedRows(store);
      const ref = await writeCheckpoint({ workDir: work.workDir, checkpointRoot: path.join(root, 'checkpoints'), runId: 'r', iteration, summary: {} });

      const copy = new Database(path.join(ref.dir, 'stores/train.sqlite'), { readonly: true, fileMustExist: true });
      try {
        expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
        const a = copy.prepare('SELECT count(*) AS n, max(id) AS max FROM a').get() as { n: number; max: number };
        const b = copy.prepare('SELECT count(*) AS n, max(a_id) AS max FROM b').get() as { n: number; max: number };
        const orphans = copy.prepare('SELECT count(*) AS n FROM b LEFT JOIN a ON a.id = b.a_id WHERE a.id IS NULL').get() as { n: number };
        expect(a.n).toBeGreaterThanOrEqual(committedBefore);
        expect(a.n).toBeGreaterThanOrEqual(previous);
        expect(a.n).toBe(a.max); // no holes
        expect(b).toEqual(a);
        expect(orphans.n).toBe(0);
        previous = a.n;
      } finally {
        copy.close();
      }
      expect(writer.exitCode).toBeNull();
    }
    // The writer kept committing while (and after) the checkpoints were taken.
    expect(committedRows(store)).toBeGreaterThan(previous);
  });
});
