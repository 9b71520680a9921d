export interface BindAddress {
  host: string;
  port: number;
}

export const DEFAULT_BIND_ADDRESS: BindAddress = { host: '127.0.0.1', port: 3000 };

/** Invalid or conflicting bind address settings. */
export class BindAddressError extends Error {
  override name = 'BindAddressError';
}

/** Parses `host:port` (IPv6 as `[::1]:3000`); port 0 picks a free port. */
export function parseBindAddress(value: string, source: string): BindAddress {
  const m = /^(?:\[(?<v6>[^\]]+)\]|(?<host>[^:]+)):(?<port>\d+)$/.exec(value.trim());
  const port = Number(m?.groups?.port);
  if (!m || !Number.isInteger(port) || port > 65535) {
    throw new BindAddressError(`${source}: expected host:port (e.g. 127.0.0.1:3000), got '${value}'`);
  }
  return { host: (m.groups?.v6 ?? m.groups?.host) as string, port };
}

/**
 * The address to bind: `--bind-address` or `TENSORZERO_GATEWAY_BIND_ADDRESS`, or
 * `gateway.bind_address` from the config — never both kinds (as TensorZero) — else the default.
 */
export function resolveBindAddress(options: { flag?: string; env?: string; config?: string }): BindAddress {
  const outside = options.flag ?? options.env;
  if (outside && options.config) {
    throw new BindAddressError(
      'the bind address is set both in the config (gateway.bind_address) and by --bind-address/TENSORZERO_GATEWAY_BIND_ADDRESS; set only one',
    );
  }
  if (options.flag) return parseBindAddress(options.flag, '--bind-address');
  if (options.env) return parseBindAddress(options.env, 'TENSORZERO_GATEWAY_BIND_ADDRESS');
  if (options.config) return parseBindAddress(options.config, 'gateway.bind_address');
  return DEFAULT_BIND_ADDRESS;
}
