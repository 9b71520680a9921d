import type { Readable } from 'node:stream';

/**
 * Splits a byte stream into lines (without the `\n`, a trailing `\r` removed) and calls `onLine`
 * for each. Unlike readline it never holds more than `maxLineBytes` of one line: a longer line
 * calls `onTooLong` once with its first bytes and stops reading, so a runaway writer cannot
 * exhaust memory.
 */
export function readCappedLines(stream: Readable, maxLineBytes: number, onLine: (line: string) => void, onTooLong: (head: string) => void): void {
  let parts: Buffer[] = [];
  let size = 0;
  let stopped = false;
  stream.on('data', (chunk: Buffer) => {
    let start = 0;
    while (!stopped) {
      const newline = chunk.indexOf(0x0a, start);
      const end = newline === -1 ? chunk.length : newline;
      if (size + (end - start) > maxLineBytes) {
        stopped = true;
        onTooLong(Buffer.concat([...parts, chunk.subarray(start, end)]).subarray(0, 200).toString('utf8'));
        stream.resume(); // keep draining so the writer is not blocked on a full pipe
        return;
      }
      if (newline === -1) {
        parts.push(chunk.subarray(start));
        size += chunk.length - start;
        return;
      }
      const line = Buffer.concat([...parts, chunk.subarray(start, newline)]).toString('utf8');
      parts = [];
      size = 0;
      start = newline + 1;
      onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
    }
  });
}
