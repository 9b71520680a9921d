import pino, { type Logger } from 'pino';
import { redactSecrets } from './secrets';
import { formatLogLine } from './log-format';

export type { Logger };

let root: Logger | undefined;

/**
 * The process-wide pino logger. Output goes to stderr so stdout stays free for command
 * results; every line passes through secret redaction before it is written. Plain text by
 * default (the original's format); `LOG_FORMAT=json` keeps pino's JSON lines for machines.
 */
export function rootLogger(): Logger {
  if (!root) {
    const level = process.env.LOG_LEVEL ?? 'info';
    const json = process.env.LOG_FORMAT === 'json';
    const destination = {
      write(line: string) {
        process.stderr.write(redactSecrets(json ? line : formatLogLine(line)));
      },
    };
    root = pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime }, destination);
  }
  return root;
}

/** Sets the level of the process-wide logger (`--verbose` → debug). */
export function setLogLevel(level: 'debug' | 'info' | 'warn' | 'error'): void {
  rootLogger().level = level;
}

/** A child logger tagged with the component name, like the original's "logger: message" format. */
export function getLogger(component: string): Logger {
  return rootLogger().child({ component });
}
