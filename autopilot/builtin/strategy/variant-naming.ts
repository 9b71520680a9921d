/**
 * Names for proposed variants: `ap_<model-slug>[_<strategy tags>]_fs<k>_i<iteration>` (the tags
 * say how the prompt was made: `rw` rewritten, `cot` chain of thought, `fmt` format only, `base`
 * the base prompt unchanged). The iteration counts up from earlier autopilot variants in the
 * config, so a later session never reuses a name.
 */

const MAX_SLUG_LENGTH = 40;

export function modelSlug(model: string): string {
  const slug = model
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return (slug || 'model').slice(0, MAX_SLUG_LENGTH).replace(/_+$/, '');
}

const ITERATION_RE = /^ap_.*_i(\d+)(?:_\d+)?$/;

/** One more than the highest `_i<n>` among existing autopilot variants; 1 when there are none. */
export function nextIteration(existingVariantNames: Iterable<string>): number {
  let highest = 0;
  for (const name of existingVariantNames) {
    const match = ITERATION_RE.exec(name);
    if (match) highest = Math.max(highest, Number(match[1]));
  }
  return highest + 1;
}

function unique(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let suffix = 2; ; suffix++) {
    const name = `${base}_${suffix}`;
    if (!taken.has(name)) return name;
  }
}

/** A name for a candidate that is not in `taken`; a numeric suffix resolves a clash. */
export function candidateVariantName(model: string, fewShotCount: number, iteration: number, taken: ReadonlySet<string>): string {
  return unique(`ap_${modelSlug(model)}_fs${fewShotCount}_i${iteration}`, taken);
}

/** Like `candidateVariantName`, with short strategy tags between the model slug and `_fs<k>` (e.g. `ap_sim_small_cot_fs2_i1`). */
export function taggedVariantName(model: string, tags: string[], fewShotCount: number, iteration: number, taken: ReadonlySet<string>): string {
  const tagPart = tags.map((t) => `_${t.replace(/[^a-z0-9]+/g, '')}`).filter((t) => t !== '_').join('');
  return unique(`ap_${modelSlug(model)}${tagPart}_fs${fewShotCount}_i${iteration}`, taken);
}
