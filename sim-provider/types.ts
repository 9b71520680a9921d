import type { Oracle } from '../common/oracle-contract/oracle';

/** The simulated provider's server handle and options; the oracle contract lives in common/oracle-contract/. */
export type * from '../common/oracle-contract/oracle';

export interface SimProviderServerOptions {
  /** seeds every answer; the same seed, model and request give the same answer */
  seed: number;
  /** default 127.0.0.1 */
  host?: string;
  /** default 0 (an OS-assigned free port) */
  port?: number;
  /** multiplies the tier's simulated latency; 0 = no delay; default 1 */
  latencyScale?: number;
  /** the task knowledge to answer with; default: the process-wide registry (oracles.ts) */
  oracles?: readonly Oracle[];
}

export interface SimProviderServer {
  /** base URL ending in `/v1/`, e.g. `http://127.0.0.1:8089/v1/` */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}
