import * as os from 'node:os';
import { LocalModelTooBigError } from './errors';

/** Weights plus context (KV cache), compute buffers and the runtime: measured 2.4 GB for the 1.12 GB 1.5B. */
export const MEMORY_FACTOR = 2.2;

/** Throws LocalModelTooBigError unless `availableBytes` covers the file size × MEMORY_FACTOR. */
export function checkMemoryFor(model: string, fileBytes: number, availableBytes: number = os.freemem()): void {
  const needed = Math.ceil(fileBytes * MEMORY_FACTOR);
  if (needed > availableBytes) throw new LocalModelTooBigError(model, needed, availableBytes);
}
