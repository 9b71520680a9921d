import type { ChildProcess } from 'node:child_process';

/**
 * Gateways must not outlive the worker that started them: when this process exits, every
 * gateway child still alive is killed. (A worker killed with SIGKILL cannot do this; the pid
 * file covers that case.)
 */
const liveChildren = new Set<ChildProcess>();
let hooked = false;

export function trackChild(child: ChildProcess): void {
  liveChildren.add(child);
  child.once('exit', () => liveChildren.delete(child));
  if (!hooked) {
    hooked = true;
    process.once('exit', () => {
      for (const c of liveChildren) c.kill('SIGKILL');
    });
  }
}
