/**
 * Node side of test/fakes/tensorzero-engine/driver.py: one Python process holding TensorZero's
 * embedded gateway, spoken to in JSON lines. It offers `inference` and `feedback` with the
 * `GatewayClient` signatures; engine errors become `GatewayHttpError` with TensorZero's own
 * HTTP status, so the contract checks treat both engines alike.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import * as readline from 'node:readline';
import { z } from 'zod';
import { isTransientStatus } from '../../../scheduler/retry-policy';
import { GatewayHttpError } from '../../../gateway/errors';
import type { FeedbackRequest, FeedbackResponse, InferenceRequest, InferenceResponse } from '../../../gateway/wire';
import type { ContractApi } from './types';

const readySchema = z.union([
  z.object({ ready: z.literal(true), version: z.string() }),
  z.object({ ready: z.literal(false), error: z.string() }),
]);
const replySchema = z.union([
  z.object({ id: z.number(), ok: z.literal(true), body: z.record(z.string(), z.unknown()) }),
  z.object({ id: z.number(), ok: z.literal(false), status: z.number().nullable(), message: z.string() }),
]);

export interface EmbeddedDriverOptions {
  python: string;
  driverScript: string;
  /** TensorZero config glob, e.g. `<dir>/**\/*.toml` */
  configGlob: string;
  postgresUrl: string;
  /** the engine's stderr (its logs) is appended here */
  logFile: string;
  /** fail the start after this long; default 60 000 */
  startupTimeoutMs?: number;
}

export interface EmbeddedDriver extends ContractApi {
  readonly version: string;
  close(): Promise<void>;
}

export async function startEmbeddedDriver(options: EmbeddedDriverOptions): Promise<EmbeddedDriver> {
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const child = spawn(options.python, [options.driverScript, '--config-file', options.configGlob], {
    env: { ...process.env, TENSORZERO_POSTGRES_URL: options.postgresUrl, TENSORZERO_DISABLE_PSEUDONYMOUS_USAGE_ANALYTICS: '1' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stderr?.pipe(log);
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve(signal ? `signal ${signal}` : `exit code ${code}`));
    child.once('error', (err) => resolve(`spawn error: ${err.message}`));
  });
  const lines = readline.createInterface({ input: child.stdout! });
  const pending = new Map<number, (reply: z.infer<typeof replySchema>) => void>();
  let nextId = 1;
  let first: ((line: string) => void) | undefined;
  const firstLine = new Promise<string>((resolve) => (first = resolve));
  lines.on('line', (line) => {
    if (first) {
      const resolve = first;
      first = undefined;
      return resolve(line);
    }
    const reply = replySchema.parse(JSON.parse(line));
    pending.get(reply.id)?.(reply);
    pending.delete(reply.id);
  });
  void exited.then((how) => {
    first?.(JSON.stringify({ ready: false, error: `driver exited (${how}) before it was ready; see ${options.logFile}` }));
    for (const [id, resolve] of pending) resolve({ id, ok: false, status: null, message: `driver exited (${how})` });
    pending.clear();
  });

  const timeoutMs = options.startupTimeoutMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  const ready = readySchema.parse(
    JSON.parse(
      await Promise.race([
        firstLine,
        new Promise<string>((resolve) => (timer = setTimeout(() => resolve(JSON.stringify({ ready: false, error: `not ready within ${timeoutMs} ms` })), timeoutMs))),
      ]),
    ),
  );
  clearTimeout(timer);
  if (!ready.ready) {
    await stop(child, exited);
    log.end();
    throw new Error(`TensorZero's embedded gateway did not start: ${ready.error}`);
  }

  async function call<T>(op: 'inference' | 'feedback', body: unknown): Promise<T> {
    const id = nextId++;
    const reply = await new Promise<z.infer<typeof replySchema>>((resolve) => {
      pending.set(id, resolve);
      child.stdin?.write(`${JSON.stringify({ id, op, body })}\n`);
    });
    if (reply.ok) return reply.body as T;
    const path = `/${op}`;
    let parsed: unknown = reply.message;
    try {
      parsed = JSON.parse(reply.message);
    } catch {
      // keep the text
    }
    const status = reply.status;
    throw new GatewayHttpError(
      `POST ${path} (embedded) failed${status === null ? '' : ` with ${status}`}: ${reply.message}`,
      'POST',
      path,
      status,
      parsed,
      status === null ? 'connection' : 'http',
      status === null ? true : isTransientStatus(status),
    );
  }

  return {
    version: ready.version,
    inference: (req: InferenceRequest) => call<InferenceResponse>('inference', req),
    feedback: (req: FeedbackRequest) => call<FeedbackResponse>('feedback', req),
    async close() {
      child.stdin?.end();
      await stop(child, exited);
      log.end();
    },
  };
}

async function stop(child: ChildProcess, exited: Promise<string>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.stdin?.end();
  let timer: NodeJS.Timeout | undefined;
  const done = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), 10_000)))]);
  clearTimeout(timer);
  if (!done) {
    child.kill('SIGKILL');
    await exited;
  }
}
