import * as net from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort, nonEphemeralRange, RecentPorts } from './ports';

function listen(port: number, host = '0.0.0.0'): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ port, host, exclusive: true }, () => resolve(server));
  });
}
const close = (server: net.Server) => new Promise<void>((resolve) => server.close(() => resolve()));

describe('freePort', () => {
  it('hands out distinct bindable ports below the kernel\'s ephemeral range', async () => {
    const [low, high] = nonEphemeralRange();
    const ports: number[] = [];
    for (let i = 0; i < 40; i++) ports.push(await freePort());
    expect(new Set(ports).size).toBe(ports.length);
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(low);
      expect(port).toBeLessThanOrEqual(high);
    }
    const server = await listen(ports[0]);
    await close(server);
  });

  // Why ports are not taken from the ephemeral range: the local port of an outgoing connection
  // comes from that range and cannot be bound by a listener while the connection lives — what a
  // gateway hit when a port picked seconds earlier was taken meanwhile.
  it('avoids the range whose ports outgoing connections occupy', async () => {
    const target = await listen(0, '127.0.0.1');
    const socket = net.connect({ port: (target.address() as net.AddressInfo).port, host: '127.0.0.1' });
    await new Promise((resolve) => socket.once('connect', resolve));
    const local = socket.localPort!;
    expect(local).toBeGreaterThan(nonEphemeralRange()[1]);
    await expect(listen(local)).rejects.toMatchObject({ code: 'EADDRINUSE' });
    socket.destroy();
    await close(target);
  });

  it('reads the range start from the kernel setting, with a default when it is unreadable', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'port-range-'));
    const file = path.join(dir, 'range');
    writeFileSync(file, '40000\t60999\n');
    expect(nonEphemeralRange(file)).toEqual([10_000, 39_999]);
    expect(nonEphemeralRange(path.join(dir, 'missing'))).toEqual([10_000, 32_767]);
  });
});

describe('RecentPorts', () => {
  it('holds a port for the hold time, then forgets it, so a long-lived worker does not run out of ports', () => {
    let now = 0;
    const recent = new RecentPorts(1000, () => now);
    recent.add(10_001);
    now = 500;
    recent.add(10_002);
    expect(recent.has(10_001)).toBe(true);
    now = 1000;
    expect(recent.has(10_001)).toBe(false); // held 1000 ms: free to hand out again
    expect(recent.has(10_002)).toBe(true);
    now = 1600;
    recent.add(10_003); // adding drops what expired
    expect(recent.size).toBe(1);
    expect(recent.has(10_003)).toBe(true);
  });

  it('holding a port again renews it: a gateway restarted after the hold time keeps its port from other runs', () => {
    let now = 0;
    const recent = new RecentPorts(1000, () => now);
    recent.add(10_001);
    recent.add(10_002);
    now = 900;
    recent.add(10_001); // the gateway on 10_001 stops for a restart
    now = 1500;
    recent.add(10_004); // drops 10_002 (expired) but not the renewed 10_001 behind it
    expect([recent.has(10_001), recent.has(10_002), recent.size]).toEqual([true, false, 2]);
    now = 1900;
    expect(recent.has(10_001)).toBe(false);
  });
});
