import { DefaultLogger, Runtime, type LogEntry } from '@temporalio/worker';
import { rootLogger } from '../common/logger';

let installed = false;

const LEVELS = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

/** Routes Temporal SDK, workflow and activity logs into our pino logger. Once per process, before any worker. */
export function installRuntimeLogging(): void {
  if (installed) return;
  installed = true;
  const log = rootLogger().child({ component: 'temporal' });
  Runtime.install({
    logger: new DefaultLogger('INFO', (entry: LogEntry) => {
      const { taskToken: _taskToken, ...meta } = (entry.meta ?? {}) as Record<string, unknown>;
      log[LEVELS[entry.level]](meta, entry.message);
    }),
  });
}
