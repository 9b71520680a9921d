/**
 * `GET /internal/variant_statistics?function_name=&variant_names=&after=&before=`: per-variant
 * usage and cost roll-ups of stored inferences (TensorZero's route, computed on read here, so
 * it never lags). Dry-run inferences are never stored and so never counted.
 */
import type { VariantStatisticsResponse, VariantStatisticsRow } from '../../gateway/wire';
import type { GatewayContext } from '../gateway-context';
import { badRequest, notFound } from '../http/http-error';
import { DEFAULT_FUNCTION_NAME } from '../inference/run-inference';
import type { InferenceRecord } from '../store/types';
import { readTimeWindow } from './time-window';

const PAGE = 5000;

export async function handleVariantStatistics(ctx: GatewayContext, query: URLSearchParams): Promise<VariantStatisticsResponse> {
  const functionName = query.get('function_name');
  if (!functionName) throw badRequest('query parameter function_name is required');
  if (!ctx.config.functions[functionName] && functionName !== DEFAULT_FUNCTION_NAME) throw notFound(`unknown function '${functionName}'`);
  // the encoding TensorZero uses is unconfirmed: accept repeated parameters and comma-separated lists
  const wanted = query.getAll('variant_names').flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  const window = readTimeWindow(query);

  const byVariant = new Map<string, InferenceRecord[]>();
  const seen = new Set<string>(); // rows inserted while paging shift the pages; count each once
  for (let offset = 0; ; offset += PAGE) {
    const page = await ctx.store.listInferences({ functionName, ...window, limit: PAGE, offset });
    for (const row of page) {
      if (seen.has(row.id) || (wanted.length > 0 && !wanted.includes(row.variantName))) continue;
      seen.add(row.id);
      const rows = byVariant.get(row.variantName) ?? [];
      rows.push(row);
      byVariant.set(row.variantName, rows);
    }
    if (page.length < PAGE) break;
  }
  const data = [...byVariant.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([variantName, rows]) => rollUp(functionName, variantName, rows));
  return { data };
}

/** Sums over the rows; a total is omitted when no row reported that quantity. */
export function rollUp(functionName: string, variantName: string, rows: InferenceRecord[]): VariantStatisticsRow {
  const sum = (values: (number | null)[]) => {
    const present = values.filter((v): v is number => v !== null);
    return present.length > 0 ? present.reduce((a, b) => a + b, 0) : undefined;
  };
  const costs = rows.map((r) => r.usage.cost).filter((c): c is number => c !== null);
  const row: VariantStatisticsRow = {
    function_name: functionName,
    variant_name: variantName,
    inference_count: rows.length,
    count_with_cost: costs.length,
    avg_processing_time_ms: rows.reduce((s, r) => s + r.processingTimeMs, 0) / rows.length,
  };
  const input = sum(rows.map((r) => r.usage.inputTokens));
  const output = sum(rows.map((r) => r.usage.outputTokens));
  if (input !== undefined) row.total_input_tokens = input;
  if (output !== undefined) row.total_output_tokens = output;
  if (costs.length > 0) row.total_cost = costs.reduce((a, b) => a + b, 0);
  return row;
}
