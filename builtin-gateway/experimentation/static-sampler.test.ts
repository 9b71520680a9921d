import { createStaticSampler } from './static-sampler';

const none = new Set<string>();
const episodes = Array.from({ length: 4000 }, (_, i) => `0196f0a2-0000-7000-8000-${String(i).padStart(12, '0')}`);

async function shares(sampler: ReturnType<typeof createStaticSampler>): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const episodeId of episodes) {
    const v = (await sampler.sample({ episodeId, excluded: none, dryrun: false })) as string;
    counts[v] = (counts[v] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(counts).map(([k, c]) => [k, c / episodes.length]));
}

describe('createStaticSampler', () => {
  const weighted = { type: 'static' as const, candidates: [{ variant: 'a', weight: 3 }, { variant: 'b', weight: 1 }, { variant: 'z', weight: 0 }], fallbacks: ['c', 'd'] };

  it('gives an episode the same variant on every call and in every gateway instance', async () => {
    const first = createStaticSampler('f', weighted);
    const second = createStaticSampler('f', weighted);
    for (const episodeId of episodes.slice(0, 50)) {
      const a = await first.sample({ episodeId, excluded: none, dryrun: false });
      expect(await first.sample({ episodeId, excluded: none, dryrun: false })).toBe(a);
      expect(await second.sample({ episodeId, excluded: none, dryrun: false })).toBe(a);
    }
  });

  it('follows the weights and never picks a zero-weight candidate or a fallback', async () => {
    const s = await shares(createStaticSampler('f', weighted));
    expect(Object.keys(s).sort()).toEqual(['a', 'b']);
    expect(s.a).toBeGreaterThan(0.72);
    expect(s.a).toBeLessThan(0.78);
  });

  it('samples uniformly over equal weights', async () => {
    const s = await shares(
      createStaticSampler('f', { type: 'static', candidates: ['a', 'b', 'c'].map((variant) => ({ variant, weight: 1 })), fallbacks: [] }),
    );
    for (const v of ['a', 'b', 'c']) {
      expect(s[v]).toBeGreaterThan(0.3);
      expect(s[v]).toBeLessThan(0.37);
    }
  });

  it('depends on the function name as well as the episode', async () => {
    const config = { type: 'static' as const, candidates: ['a', 'b'].map((variant) => ({ variant, weight: 1 })), fallbacks: [] };
    const f = createStaticSampler('f', config);
    const g = createStaticSampler('g', config);
    let differ = 0;
    for (const episodeId of episodes.slice(0, 100)) {
      if ((await f.sample({ episodeId, excluded: none, dryrun: false })) !== (await g.sample({ episodeId, excluded: none, dryrun: false }))) differ++;
    }
    expect(differ).toBeGreaterThan(20);
  });

  it('removes failed variants from the pool, then uses fallbacks in listed order', async () => {
    const sampler = createStaticSampler('f', weighted);
    const episodeId = episodes[0];
    const first = (await sampler.sample({ episodeId, excluded: none, dryrun: false })) as string;
    const other = first === 'a' ? 'b' : 'a';
    expect(await sampler.sample({ episodeId, excluded: new Set([first]), dryrun: false })).toBe(other);
    expect(await sampler.sample({ episodeId, excluded: new Set(['a', 'b']), dryrun: false })).toBe('c');
    expect(await sampler.sample({ episodeId, excluded: new Set(['a', 'b', 'c']), dryrun: false })).toBe('d');
    expect(await sampler.sample({ episodeId, excluded: new Set(['a', 'b', 'c', 'd']), dryrun: false })).toBeUndefined();
  });

  it('reports normalised weights as probabilities', () => {
    expect(createStaticSampler('f', weighted).probabilities()).toEqual({ a: 0.75, b: 0.25 });
    expect(createStaticSampler('f', { type: 'static', candidates: [], fallbacks: ['c'] }).probabilities()).toEqual({ c: 1 });
  });
});
