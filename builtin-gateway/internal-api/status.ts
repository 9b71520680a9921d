import * as fs from 'node:fs';
import * as path from 'node:path';

let cached: string | undefined;

/** `builtin-<version>` from the project's package.json (found upward from this file, in src or dist). */
export function gatewayVersion(): string {
  if (cached) return cached;
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'package.json');
    if (fs.existsSync(candidate)) {
      const pkg = JSON.parse(fs.readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'autopilot-benchmarks' && pkg.version) return (cached = `builtin-${pkg.version}`);
    }
    dir = path.dirname(dir);
  }
  return (cached = 'builtin-0.0.0');
}

/** `GET /health`: the five keys TensorZero always returns; services we do not have count as "ok". */
export function healthBody(): Record<string, string> {
  return { gateway: 'ok', clickhouse: 'ok', postgres: 'ok', valkey: 'ok', valkey_cache: 'ok' };
}
