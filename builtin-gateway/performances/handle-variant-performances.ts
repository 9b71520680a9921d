import type { TimeWindow, VariantPerformancesResponse } from '../../gateway/wire';
import type { GatewayContext } from '../gateway-context';
import { badRequest, notFound } from '../http/http-error';
import { computeVariantPerformances, TIME_WINDOWS } from './variant-performances';

/** `GET /internal/functions/{fn}/variant_performances?metric_name=&time_window=&variant_name=` */
export async function handleVariantPerformances(ctx: GatewayContext, functionName: string, query: URLSearchParams): Promise<VariantPerformancesResponse> {
  const fn = ctx.config.functions[functionName];
  if (!fn) throw notFound(`unknown function '${functionName}'`);
  const metricName = query.get('metric_name');
  if (!metricName) throw badRequest('query parameter metric_name is required');
  const metric = ctx.config.metrics[metricName];
  if (!metric) throw notFound(`unknown metric '${metricName}'`);
  const window = query.get('time_window');
  if (!window) throw badRequest('query parameter time_window is required');
  if (!TIME_WINDOWS.includes(window as TimeWindow)) throw badRequest(`time_window must be one of ${TIME_WINDOWS.join(', ')}, got '${window}'`);
  const variantName = query.get('variant_name') ?? undefined;
  if (variantName !== undefined && !fn.variants[variantName]) throw notFound(`unknown variant '${variantName}' for function '${functionName}'`);

  const samples = await ctx.store.metricSamples({ functionName, metricName, level: metric.level });
  return { performances: computeVariantPerformances(samples, window as TimeWindow, variantName) };
}
