import { localWorkDir, withLocalWorkDirs } from './local-work-dir';

describe('local work dirs', () => {
  it('keeps the client path without a work root, else moves the last two levels under it', () => {
    expect(localWorkDir('/client/out/ner/20261203T000000Z_seed1', undefined)).toBe('/client/out/ner/20261203T000000Z_seed1');
    expect(localWorkDir('/client/out/ner/20261203T000000Z_seed1', '/local/work')).toBe('/local/work/ner/20261203T000000Z_seed1');
  });

  it('rewrites the run input of every wrapped activity and leaves other arguments alone', async () => {
    const seen: unknown[][] = [];
    const activities = {
      async step(...args: unknown[]) {
        seen.push(args);
        return 'ok';
      },
    };
    const wrapped = withLocalWorkDirs(activities, '/local');
    await wrapped.step({ runId: 'r', workDir: '/c/out/env/run', checkpointRoot: '/shared' }, 3);
    await wrapped.step('r');
    expect(seen).toEqual([[{ runId: 'r', workDir: '/local/env/run', checkpointRoot: '/shared' }, 3], ['r']]);
    expect(withLocalWorkDirs(activities, undefined)).toBe(activities);
  });
});
