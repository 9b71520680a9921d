import type { GatewayConfig } from '../config/types';
import { LOCAL_TIMEOUT_VARIABLE } from './create-provider';
import { createModelResolver } from './resolve-model';

const config = { models: {} } as unknown as GatewayConfig;
const env = { AUTOPILOT_BENCH_SIM_URL: 'http://127.0.0.1:9/v1/', AUTOPILOT_BENCH_LOCAL_URL: 'http://127.0.0.1:9/v1/' };

describe('the provider timeout of local:: models', () => {
  it('is the limit the worker sets, for local:: only', () => {
    const models = createModelResolver({ config, env: { ...env, [LOCAL_TIMEOUT_VARIABLE]: '900000' } });
    expect(models.resolve('local::smollm2-135m').providers[0].timeoutMs).toBe(900_000);
    expect(models.resolve('sim::small').providers[0].timeoutMs).toBeUndefined();
  });

  it('is left to the gateway timeouts when the worker sets none', () => {
    expect(createModelResolver({ config, env }).resolve('local::smollm2-135m').providers[0].timeoutMs).toBeUndefined();
  });

  it('refuses a value that is not a positive integer, naming the variable', () => {
    expect(() => createModelResolver({ config, env: { ...env, [LOCAL_TIMEOUT_VARIABLE]: '15m' } })).toThrow(
      "AUTOPILOT_BENCH_LOCAL_TIMEOUT_MS must be a positive integer of milliseconds, got '15m'",
    );
  });
});
