/**
 * The config edits a `write_config` tool call carries (reference/tensorzero.md §4.2), as this
 * autopilot emits them.
 */

export interface UpsertVariantEdit {
  operation: 'upsert_variant';
  function_name: string;
  variant_name: string;
  variant: Record<string, unknown>;
}

export interface TrackAndStopExperimentation {
  type: 'track_and_stop';
  metric: string;
  candidate_variants: string[];
  fallback_variants: string[];
  min_samples_per_variant: number;
  delta: number;
  epsilon: number;
  update_period_s: number;
}

export interface UpsertExperimentationEdit {
  operation: 'upsert_experimentation';
  function_name: string;
  experimentation: TrackAndStopExperimentation;
}

export type ProposedEdit = UpsertVariantEdit | UpsertExperimentationEdit;

/** Arguments of the `write_config` tool call. */
export interface WriteConfigArguments {
  edit: ProposedEdit[];
}

export interface TrackAndStopSettings {
  minSamplesPerVariant: number;
  delta: number;
  epsilon: number;
  updatePeriodS: number;
}

/**
 * A track-and-stop experiment over the given candidates. Fallbacks stay empty so no variant is
 * ever in both lists; no variant carries a `weight` (it cannot be combined with experimentation).
 */
export function trackAndStopEdit(
  functionName: string,
  metric: string,
  candidates: string[],
  settings: TrackAndStopSettings,
): UpsertExperimentationEdit {
  return {
    operation: 'upsert_experimentation',
    function_name: functionName,
    experimentation: {
      type: 'track_and_stop',
      metric,
      candidate_variants: [...new Set(candidates)],
      fallback_variants: [],
      min_samples_per_variant: settings.minSamplesPerVariant,
      delta: settings.delta,
      epsilon: settings.epsilon,
      update_period_s: settings.updatePeriodS,
    },
  };
}
