import { loadGatewayConfig } from './load-config';
import { listUnservableVariants, type UnservableVariant } from './unservable-variants';

/**
 * Loads a (staged, edited) config as the built-in gateway would — throwing `GatewayConfigError`
 * for invalid config — and lists the variants it would load but cannot serve. This is the
 * `validate` hook config-edit application uses when the run's gateway is the built-in one.
 */
export async function checkBuiltinGatewayConfig(configFile: string): Promise<{ unservableVariants: UnservableVariant[] }> {
  const config = await loadGatewayConfig(configFile);
  return { unservableVariants: listUnservableVariants(config.functions) };
}
