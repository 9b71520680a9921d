import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Client } from '@temporalio/client';
import { localWorkDir } from '../activities/local-work-dir';
import { settleClosedRuns } from './settle-closed-runs';

let workerRoot: string;
beforeEach(() => (workerRoot = mkdtempSync(path.join(os.tmpdir(), 'settle-'))));
afterEach(() => rmSync(workerRoot, { recursive: true, force: true }));

/** Only the listing settleClosedRuns reads (a Temporal client is not needed to test the mapping). */
function listingOf(runs: Array<{ workDir: string; status: string }>): Client {
  return {
    workflow: {
      async *list() {
        for (const run of runs) yield { memo: { workDir: run.workDir }, status: { name: run.status }, closeTime: new Date('2026-12-03T12:00:00Z') };
      },
    },
  } as unknown as Client;
}

test("a worker with its own work root settles its copy of the run, not the client's path", async () => {
  const clientPath = '/client/machine/out/ner_conllpp_v0/20261203T110000Z_seed1';
  const local = localWorkDir(clientPath, workerRoot);
  mkdirSync(path.join(local, 'results'), { recursive: true });
  writeFileSync(path.join(local, 'results', 'run.json'), JSON.stringify({ id: 'r1', status: 'running', finished_at: null }));
  const settled = await settleClosedRuns(listingOf([{ workDir: clientPath, status: 'CANCELLED' }]), { mapWorkDir: (workDir) => localWorkDir(workDir, workerRoot) });
  expect(settled).toBe(1);
  expect(JSON.parse(readFileSync(path.join(local, 'results', 'run.json'), 'utf8'))).toMatchObject({ status: 'cancelled', finished_at: '2026-12-03T12:00:00.000000+00:00' });
});

test('without a mapping the memo path is used, and a run.json that no longer says running is left alone', async () => {
  const dir = path.join(workerRoot, 'run');
  mkdirSync(path.join(dir, 'results'), { recursive: true });
  writeFileSync(path.join(dir, 'results', 'run.json'), JSON.stringify({ id: 'r2', status: 'completed', finished_at: '2026-12-03T10:00:00Z' }));
  expect(await settleClosedRuns(listingOf([{ workDir: dir, status: 'TERMINATED' }]))).toBe(0);
  expect(JSON.parse(readFileSync(path.join(dir, 'results', 'run.json'), 'utf8')).status).toBe('completed');
});
