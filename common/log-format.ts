/**
 * Turns one pino JSON line into the original harness's plain format,
 * `YYYY-MM-DD HH:MM:SS LEVEL component: message key=value …`, for people reading a terminal.
 */
const LEVEL_NAMES: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARNING', 50: 'ERROR', 60: 'CRITICAL' };
const SKIP = new Set(['level', 'time', 'component', 'msg', 'sdkComponent']);

export function formatLogLine(jsonLine: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(jsonLine);
  } catch {
    return jsonLine;
  }
  const time = typeof entry.time === 'string' ? entry.time.slice(0, 19).replace('T', ' ') : '';
  const level = LEVEL_NAMES[entry.level as number] ?? String(entry.level);
  const component = entry.component ?? 'app';
  const extras = Object.entries(entry)
    .filter(([key, value]) => !SKIP.has(key) && value !== undefined)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  const message = String(entry.msg ?? '');
  return `${time} ${level} ${component}: ${message}${extras.length ? ' ' + extras.join(' ') : ''}\n`;
}
