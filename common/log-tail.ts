/**
 * The end of a log file a child process writes: what a failed start-up or a crash says is in its
 * last lines, and a file can be large, so only its last 64 KiB are read.
 */
import { promises as fs } from 'node:fs';

export async function fileSize(file: string): Promise<number> {
  return fs.stat(file).then((s) => s.size, () => 0);
}

/** The last `maxLines` non-empty lines written to `file` after byte `fromOffset`. */
export async function readLogTail(file: string, fromOffset: number, maxLines = 20): Promise<string> {
  const handle = await fs.open(file, 'r').catch(() => null);
  if (!handle) return '';
  try {
    const size = (await handle.stat()).size;
    const start = Math.max(fromOffset, size - 64 * 1024);
    const buffer = Buffer.alloc(Math.max(0, size - start));
    await handle.read(buffer, 0, buffer.length, start);
    const lines = buffer.toString('utf8').split('\n').filter((l) => l.trim() !== '');
    return lines.slice(-maxLines).join('\n');
  } finally {
    await handle.close();
  }
}
