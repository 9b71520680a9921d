import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from '../../common/ports';
import { ensureTemporalServer, stopTemporalServer } from '../../client/temporal-server';

export interface DevServer {
  address: string;
  uiUrl: string | null;
  stateDir: string;
  stop(): Promise<void>;
}

/**
 * A real Temporal dev server (`temporal server start-dev`) on a free port with its own state
 * folder, started the same way the CLI starts one. Tests stop it when they are done.
 */
export async function startDevServer(): Promise<DevServer> {
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'temporal-test-'));
  // A free port can be taken by someone else before the server binds it: try a few.
  let port = 0;
  let target: Awaited<ReturnType<typeof ensureTemporalServer>> | undefined;
  for (let attempt = 1; !target; attempt++) {
    port = await freePort();
    try {
      target = await ensureTemporalServer({ address: `127.0.0.1:${port}`, stateDir, startupTimeoutMs: 90_000 });
    } catch (err) {
      stopTemporalServer(stateDir, port);
      if (attempt >= 3) throw err;
    }
  }
  return {
    address: target.address,
    uiUrl: target.uiUrl,
    stateDir,
    async stop() {
      stopTemporalServer(stateDir, port);
      await new Promise((r) => setTimeout(r, 300));
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
