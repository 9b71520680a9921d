/** Variant sampling: which variant of a function serves an inference. */

export interface SampleRequest {
  episodeId: string;
  /** variants that already failed for this request */
  excluded: ReadonlySet<string>;
  /** dry runs must not record episode assignments */
  dryrun: boolean;
}

export interface VariantSampler {
  /** the next variant to try, or undefined when every candidate and fallback is excluded */
  sample(request: SampleRequest): Promise<string | undefined>;
  /** the current sampling distribution over variants (what `variant_sampling_probabilities` returns) */
  probabilities(): Record<string, number>;
  /** true when readers must `refresh()` before `probabilities()` (a seeded track-and-stop has no timer) */
  recomputesOnRead?: boolean;
  /** recomputes state from the store now (track-and-stop); a no-op for static sampling */
  refresh(): Promise<void>;
  /** stops background timers */
  close(): void;
}

/** A candidate's feedback statistics (means are in "higher is better" orientation once negated for `min`). */
export interface ArmStatistics {
  variant: string;
  count: number;
  mean: number;
  /** sample variance (n − 1 divisor); 0 below two samples */
  variance: number;
}
