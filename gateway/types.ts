import type { FetchFunction } from '../common/inference-fetch';
/**
 * Contracts of the harness side of gateways: the subprocess manager and the HTTP client.
 * Both gateway kinds (the built-in one and TensorZero's binary) sit behind the same
 * `GatewayProcess`; the harness only ever talks to them over HTTP through `GatewayClient`.
 */
import type {
  FeedbackRequest,
  FeedbackResponse,
  InferenceRequest,
  InferenceResponse,
  ListInferencesResponse,
  TimeWindow,
  VariantPerformancesResponse,
  VariantSamplingProbabilitiesResponse,
} from './wire';

export type GatewayKind = 'builtin' | 'tensorzero';

/** Which of a run's gateways this is; only used in log messages. */
export type GatewayRole = 'train' | 'test' | 'interlocutor';

export interface GatewayProcessOptions {
  kind: GatewayKind;
  /** TensorZero's `gateway` binary; required for kind `tensorzero` */
  binaryPath?: string;
  /** the built-in gateway's entry script; defaults to `<repo>/dist/builtin-gateway/main.js` */
  builtinEntry?: string;
  /** `<config dir>/tensorzero.toml` (or a glob TensorZero understands) */
  configFile: string;
  /**
   * What `--config-file` receives instead of `configFile`, e.g. `<config dir>/*.toml` so
   * TensorZero merges generated extra files (sim models) with the run's config. `configFile`
   * must still exist.
   */
  configFileArgument?: string;
  /** bind host; default `127.0.0.1` (`0.0.0.0` binds everywhere, the URL then uses loopback) */
  host?: string;
  /** 0 → a free port is chosen once, when the manager is created, and kept across restarts */
  port: number;
  /** holds `gateway.stdout.log`, `gateway.stderr.log` and `gateway.pid` */
  logDir: string;
  /** extra environment for the gateway (e.g. `TENSORZERO_POSTGRES_URL`, the store file); never logged */
  env?: Record<string, string>;
  /**
   * kind `tensorzero` only: before the first start of this manager, drop and recreate the
   * database named by `env.TENSORZERO_POSTGRES_URL` (the run's scoped database, §1.7), then
   * migrate it. Restarts never reset. Default false.
   */
  resetPostgresOnFirstStart?: boolean;
  /** default 30 000 */
  startupTimeoutMs?: number;
  /** default 10 000 */
  shutdownTimeoutMs?: number;
  role: GatewayRole;
}

/** How a gateway process ended. */
export interface GatewayExit {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
}

/** One gateway subprocess: start, health wait, logs, restart, stop. */
export interface GatewayProcess {
  readonly kind: GatewayKind;
  readonly role: GatewayRole;
  /** `http://<host>:<port>`, known before the first start */
  readonly url: string;
  readonly port: number;
  /** a process exists and has not exited */
  readonly running: boolean;
  readonly pid: number | undefined;
  /** launches the gateway and resolves once `GET /health` answers 200 */
  start(): Promise<void>;
  /** SIGTERM, then SIGKILL after `shutdownTimeoutMs`; null when nothing was running */
  stop(): Promise<GatewayExit | null>;
  /** stop, then start (same port, same logs) */
  restart(): Promise<void>;
  /** same as stop */
  close(): Promise<void>;
}

export interface GatewayClientOptions {
  /** per-request timeout for every call without its own; default 60 000 */
  timeoutMs?: number;
  /** default global fetch; `local::` runs pass common/inference-fetch.ts (no 300 s header limit) */
  fetch?: FetchFunction;
}

/** Per-call options: an abort signal (e.g. activity cancellation) and a timeout override. */
export interface RequestOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface GatewayStatus {
  status: string;
  version?: string;
  config_hash?: string;
}

export interface GatewayConfigSnapshot {
  config: Record<string, unknown>;
  hash: string;
  extra_templates?: Record<string, string>;
  tags?: Record<string, string>;
}

export interface ListInferencesOptions {
  functionName?: string;
  variantName?: string;
  limit?: number;
  offset?: number;
  /** ISO 8601 with a time zone; the window is [after, before) on the inference's creation time */
  after?: string;
  before?: string;
}

/** Per-variant statistics of one metric, as the original records train metrics (§6.7). */
export interface VariantMetricStats {
  mean: number;
  std: number | null;
  n: number;
  ci_error: number | null;
}

/** `{<metric>: {variants: {<variant>: stats}, n: <total count>}}` */
export type TrainMetrics = Record<string, { variants: Record<string, VariantMetricStats>; n: number }>;

/** Typed HTTP client for the gateway API subset the harness uses. No retries inside. */
export interface GatewayClient {
  readonly url: string;
  inference(req: InferenceRequest, options?: RequestOptions): Promise<InferenceResponse>;
  feedback(req: FeedbackRequest, options?: RequestOptions): Promise<FeedbackResponse>;
  /** resolves with the health map on 200, throws `GatewayHttpError` otherwise */
  health(options?: RequestOptions): Promise<Record<string, string>>;
  status(options?: RequestOptions): Promise<GatewayStatus>;
  variantPerformances(
    functionName: string,
    metricName: string,
    timeWindow?: TimeWindow,
    options?: RequestOptions,
  ): Promise<VariantPerformancesResponse>;
  /** the §6.7 mapping; null (and a logged warning) on any error */
  trainMetrics(functionName: string, metricName: string): Promise<TrainMetrics | null>;
  listInferences(query?: ListInferencesOptions, options?: RequestOptions): Promise<ListInferencesResponse>;
  /** the function's current sampling distribution (`variant_sampling_probabilities`, a T0 route) */
  variantSamplingProbabilities(functionName: string, options?: RequestOptions): Promise<VariantSamplingProbabilitiesResponse>;
  getConfig(options?: RequestOptions): Promise<GatewayConfigSnapshot>;
}
