// Looked up once: inside a vm context (Jest, Temporal's workflow sandbox) every global lookup
// such as `Math.imul` is slow, and this runs millions of times in a bootstrap.
const imul = Math.imul;

/**
 * mulberry32: a small, fast, well-mixed 32-bit PRNG returning numbers in [0, 1). Used where a
 * sequence must be reproducible from a plain integer seed (task selection, the shipped
 * synthetic dataset); changing it changes every seeded task sequence and the dataset file.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
