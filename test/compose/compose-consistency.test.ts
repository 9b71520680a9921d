import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { createProgram, type CommandHandlers } from '../../client/program';

/**
 * docker-compose.yml against the code (no Docker engine here, so nothing is started): image
 * tags pinned, every file and directory it references present, ports and addresses agreeing,
 * every environment variable handed to the benchmark processes read by something, and the
 * commands it runs accepted by the CLI.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const compose = parseYaml(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, { image?: string; build?: { context: string; dockerfile: string }; ports?: string[]; environment?: Record<string, string>; volumes?: string[]; command?: string[]; entrypoint?: string[] }>;
};
const services = compose.services;
/** `${NAME:-default}` → default, as Compose substitutes with NAME unset */
const withDefaults = (value: string): string => value.replace(/\$\{[A-Z0-9_]+:-([^}]*)\}/g, (_m, fallback: string): string => withDefaults(fallback));

/** Product source files (not tests, not dependencies) that mention `name`. */
function productFilesMentioning(name: string): string[] {
  try {
    const out = execFileSync('grep', ['-rlw', '--include=*.ts', '--include=*.py', '--include=*.yaml', '--include=*.toml', '--exclude=*.test.ts',
      '--exclude-dir=node_modules', '--exclude-dir=dist', '--exclude-dir=test', '--exclude-dir=.venv', '--exclude-dir=.git', name, '.'], { cwd: ROOT, encoding: 'utf8' });
    return out.split('\n').filter(Boolean);
  } catch {
    return []; // grep exits 1 when nothing matches
  }
}

describe('docker-compose.yml against the code', () => {
  it('pins every image it pulls to a version (our own image is built from the Dockerfile)', () => {
    for (const [name, service] of Object.entries(services)) {
      if (!service.image || service.build || name === 'run') continue;
      const image = withDefaults(service.image);
      const tag = image.slice(image.lastIndexOf(':') + 1);
      expect({ name, image, pinned: image.includes(':') && tag !== 'latest' && /^\d+(\.\d+)*$/.test(tag) }).toEqual({ name, image, pinned: true });
    }
  });

  it('references only files and directories that exist', () => {
    const worker = services.worker;
    expect(existsSync(path.join(ROOT, worker.build!.context, worker.build!.dockerfile))).toBe(true);
    for (const service of [services.worker, services.run]) {
      for (const volume of service.volumes ?? []) {
        const host = volume.split(':')[0];
        // output/ and snapshots/ are created by Compose on first start; configs/ must be ours
        if (host === './configs') expect(existsSync(path.join(ROOT, host))).toBe(true);
        else expect(['./output', './snapshots']).toContain(host);
      }
    }
    const command = services.run.command!;
    expect(existsSync(path.join(ROOT, command[command.indexOf('--config') + 1]))).toBe(true);
  });

  it('agrees on ports: the benchmark processes and the UI reach the port the Temporal service serves; the UI origin is its published port', () => {
    const temporalPort = services.temporal.ports!.map((p) => p.split(':').pop())[0];
    for (const name of ['worker', 'run', 'temporal-ui', 'temporal-namespace']) {
      expect({ name, address: services[name].environment!.TEMPORAL_ADDRESS }).toEqual({ name, address: `temporal:${temporalPort}` });
    }
    const [uiHostPort, uiContainerPort] = services['temporal-ui'].ports![0].split(':');
    expect(uiContainerPort).toBe('8080'); // temporalio/ui's listening port
    expect(services['temporal-ui'].environment!.TEMPORAL_CORS_ORIGINS).toBe(`http://localhost:${uiHostPort}`);
  });

  it('hands the benchmark processes only variables something reads, and every Temporal variable the code reads', () => {
    // Forwarded like the original harness does (reference §13.3), for dataset downloads of bridged environments.
    const forwardedUnread = new Set(['HF_TOKEN']);
    for (const name of ['worker', 'run']) {
      for (const variable of Object.keys(services[name].environment!)) {
        if (forwardedUnread.has(variable)) continue;
        expect({ variable, readBy: productFilesMentioning(variable).length > 0 }).toEqual({ variable, readBy: true });
      }
    }
    for (const variable of ['TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE']) {
      expect(productFilesMentioning(variable).length).toBeGreaterThan(0);
      expect(Object.keys(services.worker.environment!)).toContain(variable);
    }
  });

  it('runs commands the CLI accepts: the run service\'s arguments parse as `run`, and the worker script is what `worker` runs', async () => {
    const calls: Array<[string, unknown]> = [];
    const record = (name: string) => async (options: unknown) => void calls.push([name, options]);
    const handlers = Object.fromEntries(['run', 'snapshot', 'worker', 'status', 'decide', 'input', 'validate', 'compare', 'report'].map((n) => [n, record(n)])) as unknown as CommandHandlers;
    const silent = { writeOut: () => undefined, writeErr: () => undefined };
    await createProgram(handlers, silent).parseAsync(['node', 'autopilot-benchmark', ...services.run.command!]);
    expect(calls[0][0]).toBe('run');
    expect(calls[0][1]).toMatchObject({ config: 'configs/quickstart.yaml', workDir: '/app/output', remoteWorkers: true });
    expect(services.run.entrypoint).toEqual(['node', 'dist/client/main.js']);
    // the CLI's `worker` command and the compose worker's script run the same function
    expect(services.worker.command).toEqual(['node', 'dist/workers/main.js']);
    expect(readFileSync(path.join(ROOT, 'client/main.ts'), 'utf8')).toMatch(/worker: async \(options\) => [\s\S]*?\(await import\('\.\.\/workers\/main'\)\)\.runStandaloneWorker\(/);
    expect(readFileSync(path.join(ROOT, 'workers/main.ts'), 'utf8')).toMatch(/if \(require\.main === module\) \{\s*runStandaloneWorker\(\)/);
  });
});
