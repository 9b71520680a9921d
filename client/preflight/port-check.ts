import { constants, promises as fs } from 'node:fs';
import * as net from 'node:net';
import type { InfraConfig } from '../../config/schema';
import type { PreflightProblem } from './preflight-error';

/** The gateways listen on loopback (activities/run-resources.ts). */
const GATEWAY_HOST = '127.0.0.1';

/** Null when `port` can be bound on the gateways' host, else the error code (EADDRINUSE, EACCES). */
function bindError(port: number): Promise<string | null> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    server.listen(port, GATEWAY_HOST, () => server.close(() => resolve(null)));
  });
}

/**
 * Fixed gateway ports (0 picks a free one at start-up) are distinct and free now, and a
 * configured TensorZero gateway binary exists and is executable.
 */
export async function checkInfra(infra: InfraConfig): Promise<PreflightProblem[]> {
  const problems: PreflightProblem[] = [];
  const ports = [
    { where: 'infra.gateway_port', port: infra.gateway_port },
    { where: 'infra.test_gateway_port', port: infra.test_gateway_port },
  ].filter(({ port }) => port !== 0);
  if (ports.length === 2 && ports[0].port === ports[1].port) {
    problems.push({ check: 'port', where: 'infra.test_gateway_port', message: `the train and test gateways cannot share port ${ports[0].port}` });
    ports.pop();
  }
  for (const { where, port } of ports) {
    const code = await bindError(port);
    if (code === 'EADDRINUSE') problems.push({ check: 'port', where, message: `port ${port} on ${GATEWAY_HOST} is already in use (set 0 to pick a free port)` });
    else if (code !== null) problems.push({ check: 'port', where, message: `port ${port} on ${GATEWAY_HOST} cannot be bound (${code})` });
  }
  if (infra.gateway_binary_path !== null) {
    try {
      await fs.access(infra.gateway_binary_path, constants.X_OK);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'does not exist' : `is not executable (${code ?? String(err)})`;
      problems.push({ check: 'gateway-binary', where: 'infra.gateway_binary_path', message: `${infra.gateway_binary_path} ${why} (null uses the built-in gateway)` });
    }
  }
  return problems;
}
