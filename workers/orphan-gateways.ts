import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { reapOrphanedGateway } from '../gateway/pid-file';
import { getLogger } from '../common/logger';

const log = getLogger('worker');

/**
 * Gateways outlive a worker killed with SIGKILL (they are its children, not its threads). Each
 * worker keeps a record of the gateway log dirs it started under `<state>/workers/<pid>.json`;
 * the next worker on the machine reaps the gateways of every record whose process is gone.
 */
export class GatewayRecord {
  private readonly logDirs = new Set<string>();
  private readonly file: string;

  constructor(private readonly dir: string) {
    this.file = path.join(dir, `${process.pid}.json`);
  }

  async add(logDir: string): Promise<void> {
    this.logDirs.add(logDir);
    await fs.mkdir(this.dir, { recursive: true });
    await fs.writeFile(this.file, JSON.stringify({ pid: process.pid, logDirs: [...this.logDirs] }));
  }

  async remove(): Promise<void> {
    await fs.rm(this.file, { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Reaps the gateways of dead workers recorded in `dir`; returns how many were killed. */
export async function reapDeadWorkersGateways(dir: string): Promise<number> {
  let killed = 0;
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
  for (const name of names.filter((n) => n.endsWith('.json'))) {
    const file = path.join(dir, name);
    let record: { pid: number; logDirs: string[] };
    try {
      record = JSON.parse(await fs.readFile(file, 'utf8'));
    } catch (err) {
      log.warn({ file, err: String(err) }, 'unreadable worker record; removing it');
      await fs.rm(file, { force: true });
      continue;
    }
    if (record.pid === process.pid || isAlive(record.pid)) continue;
    for (const logDir of record.logDirs) {
      const reaped = await reapOrphanedGateway(logDir);
      if (reaped?.killed) {
        killed++;
        log.warn({ deadWorker: record.pid, gateway: reaped.pid, logDir }, 'reaped a gateway left by a dead worker');
      }
    }
    await fs.rm(file, { force: true });
  }
  return killed;
}
