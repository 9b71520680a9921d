import { DefaultLogger, Runtime, type LogEntry } from '@temporalio/worker';
import { rootLogger } from '../common/logger';

let installed = false;

const LEVELS = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

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
      // the private queue's worker runs activities only, which Core reports at WARN on every start: expected here
      const level = entry.message.startsWith('No workflows registered') ? 'debug' : LEVELS[entry.level];
      log[level](meta, entry.message);
    }),
  });
}
