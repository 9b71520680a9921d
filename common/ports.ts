import { readFileSync } from 'node:fs';
import * as net from 'node:net';

/**
 * Ports handed out by `freePort` go to a subprocess that binds them seconds later (a TensorZero
 * gateway first resets its database and runs migrations). A port from the kernel's ephemeral
 * range can be taken in that gap as the local port of any outgoing connection on the machine
 * (psql, gRPC, HTTP clients), and the subprocess then fails with "Address already in use". So
 * ports are drawn below that range, where the kernel never auto-assigns, and a port is not
 * handed out again by one process while its subprocess may still be starting (HOLD_MS).
 */
const LOWEST_PORT = 10_000;
const DEFAULT_EPHEMERAL_START = 32_768;
const MAX_ATTEMPTS = 200;
/** far longer than any start-up (a gateway's migrations, a model's load); after that a bound port fails canBind anyway */
export const HOLD_MS = 30 * 60_000;

/**
 * Ports handed out recently. Forgetting them after `holdMs` keeps a long-lived worker, which
 * starts gateways for run after run, from filling the ~22,000-port range with ports long freed.
 */
export class RecentPorts {
  private readonly since = new Map<number, number>();
  constructor(
    private readonly holdMs = HOLD_MS,
    private readonly now: () => number = Date.now,
  ) {}

  has(port: number): boolean {
    const at = this.since.get(port);
    if (at === undefined) return false;
    if (this.now() - at < this.holdMs) return true;
    this.since.delete(port);
    return false;
  }

  add(port: number): void {
    const now = this.now();
    // Map keeps insertion order, so the oldest entries come first: drop the expired ones
    for (const [old, at] of this.since) {
      if (now - at < this.holdMs) break;
      this.since.delete(old);
    }
    this.since.delete(port); // a re-added port moves to the end, keeping the order by time
    this.since.set(port, now);
  }

  get size(): number {
    return this.since.size;
  }
}

const handedOut = new RecentPorts();

export class NoFreePortError extends Error {
  override readonly name = 'NoFreePortError';
  constructor(readonly range: readonly [number, number], readonly attempts: number) {
    super(`no free loopback TCP port found in ${range[0]}–${range[1]} after ${attempts} attempts`);
  }
}

/** `[LOWEST_PORT, first ephemeral port)`: ports the kernel does not hand to outgoing connections. */
export function nonEphemeralRange(rangeFile = '/proc/sys/net/ipv4/ip_local_port_range'): [number, number] {
  let start = DEFAULT_EPHEMERAL_START;
  try {
    const [low] = readFileSync(rangeFile, 'utf8').trim().split(/\s+/).map(Number);
    if (Number.isInteger(low) && low > LOWEST_PORT + 1000) start = low;
  } catch {
    // not Linux: keep the IANA default start of the dynamic range
  }
  return [LOWEST_PORT, start - 1];
}

let range: [number, number] | undefined;

/** A free loopback TCP port outside the ephemeral range, not handed out by this process in the last HOLD_MS. */
export async function freePort(): Promise<number> {
  // the kernel's setting, read once per process
  const [low, high] = (range ??= nonEphemeralRange());
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const port = low + Math.floor(Math.random() * (high - low + 1));
    if (handedOut.has(port)) continue;
    if (await canBind(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new NoFreePortError([low, high], MAX_ATTEMPTS);
}

/**
 * Holds `port` for another HOLD_MS: a process that keeps its port across restarts calls this at
 * each start, so while it is down between a stop and a start no other run is handed that port.
 */
export function holdPort(port: number): void {
  handedOut.add(port);
}

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    // The wildcard address: a gateway may bind 0.0.0.0, and a port in use on any address would refuse it.
    server.listen({ port, host: '0.0.0.0', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** True when something accepts TCP connections at host:port within `timeoutMs`. */
export async function isListening(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
