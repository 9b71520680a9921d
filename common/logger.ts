import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import * as path from 'node:path';
import pino, { type Logger } from 'pino';
import { redactSecrets } from './secrets';
import { formatLogLine } from './log-format';

export type { Logger };

let root: Logger | undefined;

/**
 * Where log lines go. By default every line goes to stderr. A quiet command (`run` without
 * `--verbose`) shows only warnings and errors on the console and keeps every line, as pino
 * JSON, for a log file: held in memory until the file is opened, then written there.
 */
interface LogRouting {
  /** lowest pino level shown on the console */
  consoleLevel: number;
  /** writes console lines; a progress display swaps it to print above its bars */
  writeConsole: (text: string) => void;
  file: WriteStream | null;
  /** lines waiting for the log file (null: no file wanted) */
  pending: string[] | null;
}

const routing: LogRouting = { consoleLevel: 0, writeConsole: (text) => process.stderr.write(text), file: null, pending: null };

/** Lines kept before the log file opens; a run opens it within seconds, so this is a guard, not a limit in practice. */
const MAX_PENDING_LINES = 20_000;

function route(line: string): void {
  const redacted = redactSecrets(line);
  if (routing.file) routing.file.write(redacted);
  else if (routing.pending && routing.pending.length < MAX_PENDING_LINES) routing.pending.push(redacted);
  if (levelOf(redacted) < routing.consoleLevel) return;
  routing.writeConsole(process.env.LOG_FORMAT === 'json' ? redacted : formatLogLine(redacted));
}

function levelOf(jsonLine: string): number {
  const match = /"level":(\d+)/.exec(jsonLine);
  return match ? Number(match[1]) : Number.MAX_SAFE_INTEGER;
}

/**
 * The process-wide pino logger. Output goes to stderr so stdout stays free for command
 * results; every line passes through secret redaction before it is written. Plain text by
 * default (the original's format); `LOG_FORMAT=json` keeps pino's JSON lines for machines.
 */
export function rootLogger(): Logger {
  if (!root) {
    const level = process.env.LOG_LEVEL ?? 'info';
    root = pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime }, { write: route });
  }
  return root;
}

/** Sets the level of the process-wide logger (`--verbose` → debug). */
export function setLogLevel(level: 'debug' | 'info' | 'warn' | 'error'): void {
  rootLogger().level = level;
}

/** Every line from now on is kept for `openLogFile`; `quiet` also limits the console to warnings and errors. */
export function keepLogForFile(options: { quiet: boolean }): void {
  if (options.quiet) routing.consoleLevel = pino.levels.values.warn;
  routing.pending ??= [];
}

/** From now on console log lines go through `write` (null: back to stderr). */
export function redirectConsoleLog(write: ((text: string) => void) | null): void {
  routing.writeConsole = write ?? ((text) => process.stderr.write(text));
}

/** Writes every log line (those logged so far included) to `file` as pino JSON lines. */
export function openLogFile(file: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  routing.file = createWriteStream(file, { flags: 'a' });
  for (const line of routing.pending ?? []) routing.file.write(line);
  routing.pending = null;
}

/** Flushes and closes the log file, if one is open. */
export async function closeLogFile(): Promise<void> {
  const file = routing.file;
  if (!file) return;
  routing.file = null;
  await new Promise<void>((resolve) => file.end(resolve));
}

/** A child logger tagged with the component name, like the original's "logger: message" format. */
export function getLogger(component: string): Logger {
  return rootLogger().child({ component });
}
