import { DefaultLogger, Runtime, type LogEntry } from '@temporalio/worker';
import { rootLogger } from '../common/logger';

let installed = false;

const LEVELS = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

/**
 * The level a Temporal SDK entry is logged at. Two kinds of WARN are expected and would only
 * flood the console: the private queue's worker runs activities only (Core reports that on every
 * start), and a full worker refuses a claim with `NoCapacity` about once a second while a run is
 * queued (the run's progress already says "waiting for a worker slot").
 */
export function runtimeLogLevel(message: string, level: LogEntry['level'], meta: Record<string, unknown>): (typeof LEVELS)[keyof typeof LEVELS] {
  if (message.startsWith('No workflows registered')) return 'debug';
  const error = meta.error as { type?: unknown } | undefined;
  if (message === 'Activity failed' && error?.type === 'NoCapacity') return 'debug';
  return LEVELS[level];
}

/**
 * Routes Temporal SDK, workflow and activity logs into our pino logger. Once per process, before
 * any worker. The SDK's own chatter (worker state changes, the workflow bundler's report) is
 * kept at WARN unless LOG_LEVEL asks for debug; our steps log through pino directly.
 */
export function installRuntimeLogging(options: { shutdownSignals?: NodeJS.Signals[] } = {}): void {
  if (installed) return;
  installed = true;
  const log = rootLogger().child({ component: 'temporal' });
  Runtime.install({
    // the CLI handles Ctrl-C itself (its in-process worker is not the only thing to stop)
    ...(options.shutdownSignals ? { shutdownSignals: options.shutdownSignals } : {}),
    logger: new DefaultLogger(process.env.LOG_LEVEL === 'debug' || process.env.LOG_LEVEL === 'trace' ? 'DEBUG' : 'WARN', (entry: LogEntry) => {
      const { taskToken: _taskToken, ...meta } = (entry.meta ?? {}) as Record<string, unknown>;
      log[runtimeLogLevel(entry.message, entry.level, meta)](meta, entry.message);
    }),
  });
}
