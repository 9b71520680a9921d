import { writeRuntimeJson } from '../../results/runtime-json';
import { gatewayDir, testGatewayDir } from '../../results/paths';
import type { BenchmarkRunInput } from '../../workflows/shared';
import type { RunResources } from '../run-resources';
import { postgresDatabaseName, runDatabases } from '../tensorzero-databases';

/**
 * Writes the gateways' `runtime.json` as the original does (reference/original-harness.md §3,
 * §7.4): always `gateway/test/runtime.json`; `gateway/runtime.json` only for a normal baseline
 * (`primary: true`), not for a snapshot restore or the `snapshot` command.
 */
export async function writeGatewayRuntimeJson(input: BenchmarkRunInput, resources: RunResources, options: { primary: boolean }): Promise<void> {
  const databases = runDatabases(input);
  await writeRuntimeJson(testGatewayDir(input.workDir), runtimeInfo(resources.test.url, databases?.test, 'test'));
  if (options.primary) await writeRuntimeJson(gatewayDir(input.workDir), runtimeInfo(resources.train.url, databases?.train, 'train'));
}

/** The URL and the database name; the built-in gateway has no database and names its store file instead. */
function runtimeInfo(url: string, databaseUrl: string | undefined, role: 'train' | 'test') {
  const info = { gateway_url: url.replace('127.0.0.1', 'localhost'), postgres_database: postgresDatabaseName(databaseUrl) };
  if (databaseUrl) return info;
  return { ...info, store: role === 'train' ? 'gateway/store.sqlite' : 'gateway/test/store.sqlite' };
}
