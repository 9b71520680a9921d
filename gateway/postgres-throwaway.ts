import { execFile } from 'node:child_process';
import { existsSync, promises as fs, readdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../common/ports';

/**
 * A throwaway Postgres cluster for tests and the TensorZero contract run: `initdb` into a temp
 * dir, `pg_ctl start` on a free loopback port (trust auth, fsync off), `pg_ctl stop -m
 * immediate` + delete on stop. Postgres refuses to run as root, so as root the cluster is
 * created and run as the `postgres` OS user (present wherever Debian's `postgresql` is
 * installed) through `runuser`.
 */

const run = promisify(execFile);

export interface ThrowawayPostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  url: string;
  port: number;
  dataDir: string;
  /** server log (`pg_ctl -l`) */
  logFile: string;
  stop(): Promise<void>;
}

export class PostgresUnavailableError extends Error {
  override readonly name = 'PostgresUnavailableError';
}

/** `$POSTGRES_BIN_DIR`, else the newest `/usr/lib/postgresql/<v>/bin`, else a dir on PATH with `initdb`. */
export function findPostgresBinDir(env: NodeJS.ProcessEnv = process.env): string {
  const candidates: string[] = [];
  if (env.POSTGRES_BIN_DIR) candidates.push(env.POSTGRES_BIN_DIR);
  const debianRoot = '/usr/lib/postgresql';
  if (existsSync(debianRoot)) {
    const versions = readdirSync(debianRoot).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => path.join(debianRoot, v, 'bin')));
  }
  candidates.push(...(env.PATH ?? '').split(path.delimiter).filter(Boolean));
  const found = candidates.find((dir) => existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'pg_ctl')));
  if (!found) {
    throw new PostgresUnavailableError('no Postgres server binaries (initdb, pg_ctl) found in $POSTGRES_BIN_DIR, /usr/lib/postgresql/*/bin or PATH; install Debian\'s `postgresql` (scripts/setup.sh does)');
  }
  return found;
}

export async function startThrowawayPostgres(options: { binDir?: string; serverOptions?: string[] } = {}): Promise<ThrowawayPostgres> {
  const binDir = options.binDir ?? findPostgresBinDir();
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'pg-throwaway-'));
  const dataDir = path.join(root, 'data');
  const logFile = path.join(root, 'server.log');
  const asRoot = process.getuid?.() === 0;
  const as = async (command: string, args: string[]) => {
    const file = path.join(binDir, command);
    return asRoot ? run('runuser', ['-u', 'postgres', '--', file, ...args]) : run(file, args);
  };
  try {
    if (asRoot) {
      const ids = await run('id', ['-u', 'postgres']).then(async (uid) => ({ uid: Number(uid.stdout), gid: Number((await run('id', ['-g', 'postgres'])).stdout) }));
      await fs.chown(root, ids.uid, ids.gid);
    }
    await as('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
    const port = await freePort();
    const serverOptions = [`-p ${port}`, `-k ${root}`, '-c listen_addresses=127.0.0.1', '-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off', ...(options.serverOptions ?? [])];
    await as('pg_ctl', ['-D', dataDir, '-o', serverOptions.join(' '), '-l', logFile, '-w', '-t', '60', 'start']);
    let stopped = false;
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      port,
      dataDir,
      logFile,
      async stop() {
        if (stopped) return;
        stopped = true;
        await as('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
        await fs.rm(root, { recursive: true, force: true });
      },
    };
  } catch (err) {
    const log = await fs.readFile(logFile, 'utf8').catch(() => '');
    await fs.rm(root, { recursive: true, force: true });
    const detail = (err as { stderr?: string }).stderr || (err as Error).message;
    throw new PostgresUnavailableError(`could not start a throwaway Postgres with ${binDir}: ${String(detail).trim()}${log ? `\nserver log:\n${log.slice(-2000)}` : ''}`, { cause: err });
  }
}
