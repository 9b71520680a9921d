import { BindAddressError, DEFAULT_BIND_ADDRESS, parseBindAddress, resolveBindAddress } from './bind-address';

describe('bind address', () => {
  it('parses host:port and bracketed IPv6', () => {
    expect(parseBindAddress('0.0.0.0:3001', 'x')).toEqual({ host: '0.0.0.0', port: 3001 });
    expect(parseBindAddress('[::1]:0', 'x')).toEqual({ host: '::1', port: 0 });
  });

  it('names the source of a malformed address', () => {
    expect(() => parseBindAddress('localhost', 'TENSORZERO_GATEWAY_BIND_ADDRESS')).toThrow(/TENSORZERO_GATEWAY_BIND_ADDRESS: expected host:port/);
    expect(() => parseBindAddress('h:70000', 'x')).toThrow(BindAddressError);
  });

  it('takes the flag, then the environment, then the config, else 127.0.0.1:3000; never config and flag/env together', () => {
    expect(resolveBindAddress({})).toEqual(DEFAULT_BIND_ADDRESS);
    expect(resolveBindAddress({ env: '127.0.0.1:1' })).toEqual({ host: '127.0.0.1', port: 1 });
    expect(resolveBindAddress({ flag: '127.0.0.1:2', env: '127.0.0.1:1' })).toEqual({ host: '127.0.0.1', port: 2 });
    expect(resolveBindAddress({ config: '127.0.0.1:3' })).toEqual({ host: '127.0.0.1', port: 3 });
    expect(() => resolveBindAddress({ env: '127.0.0.1:1', config: '127.0.0.1:3' })).toThrow(/set only one/);
  });
});
