/**
 * A test that SIGKILLs a worker "machine" leaves that machine's gateways running: in production
 * the next worker on the machine reaps them from their pid files (gateway/pid-file.ts), but a
 * test's machine never comes back. This reaps every gateway with a pid file under `root`.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { PID_FILE, reapOrphanedGateway } from '../../gateway/pid-file';

export async function reapGatewaysUnder(root: string): Promise<number> {
  let reaped = 0;
  const visit = async (dir: string): Promise<void> => {
    const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
    if (entries.some((e) => e.isFile() && e.name === PID_FILE) && (await reapOrphanedGateway(dir, { shutdownTimeoutMs: 5_000 }))?.killed) reaped++;
    await Promise.all(entries.filter((e) => e.isDirectory()).map((e) => visit(path.join(dir, e.name))));
  };
  await visit(root);
  return reaped;
}
