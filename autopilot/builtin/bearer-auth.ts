/** Bearer-token check; compares digests in constant time so the token cannot be guessed by timing. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

export function createBearerCheck(apiToken: string): (req: IncomingMessage) => boolean {
  const expected = digest(apiToken);
  return (req) => {
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(.+)$/i.exec(header.trim()) : null;
    return match !== null && timingSafeEqual(digest(match[1]), expected);
  };
}
