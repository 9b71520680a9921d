import { randomBytes } from 'node:crypto';

/** A new deployment id: 64 hex characters, like TensorZero's. */
export function newDeploymentId(): string {
  return randomBytes(32).toString('hex');
}
