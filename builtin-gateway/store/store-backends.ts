import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createMemoryStore } from './memory-store';
import { createSqliteStore } from './sqlite-store';
import type { GatewayStore } from './types';

/** A store plus the cleanup of whatever it left on disk; used by contract tests. */
export interface StoreBackendInstance {
  store: GatewayStore;
  dispose(): Promise<void>;
}

/** Every store backend, by name: contract suites run each case once per entry, on a fresh instance. */
export const STORE_BACKENDS: Record<string, () => StoreBackendInstance> = {
  memory: () => {
    const store = createMemoryStore();
    return { store, dispose: () => store.close() };
  },
  sqlite: () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gateway-store-'));
    const store = createSqliteStore(path.join(dir, 'store.sqlite'));
    return {
      store,
      dispose: async () => {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};
