import * as path from 'node:path';
import {
  autopilotIterationDir,
  configDir,
  configFile,
  gatewayDir,
  iterationsJsonPath,
  resultsDir,
  rolloutDir,
  runJsonPath,
  runTimestamp,
  runWorkDir,
  snapshotRolloutDir,
  testGatewayDir,
} from './paths';
import { isoUtc } from './time';

describe('run paths', () => {
  it('formats the invocation timestamp as YYYYMMDDTHHMMSSZ in UTC', () => {
    expect(runTimestamp(new Date('2026-03-20T15:30:00.999Z'))).toBe('20260320T153000Z');
    expect(runTimestamp(new Date('2026-01-02T03:04:05+02:00'))).toBe('20260102T010405Z');
  });

  it('builds <root>/<env>/<timestamp>[_seed<N>]', () => {
    expect(runWorkDir('/out', 'terminal-bench@2.0', '20260320T153000Z')).toBe(path.join('/out', 'terminal-bench@2.0', '20260320T153000Z'));
    expect(runWorkDir('/out', 'ner_conllpp_v0', '20260320T153000Z', 42)).toBe(path.join('/out', 'ner_conllpp_v0', '20260320T153000Z_seed42'));
    expect(runWorkDir('/out', 'ner_conllpp_v0', '20260320T153000Z', 0)).toBe(path.join('/out', 'ner_conllpp_v0', '20260320T153000Z_seed0'));
    expect(runWorkDir('/out', 'ner_conllpp_v0', '20260320T153000Z', null)).toBe(path.join('/out', 'ner_conllpp_v0', '20260320T153000Z'));
  });

  it('lays out the work dir as the original does', () => {
    const w = '/w';
    expect(configDir(w)).toBe('/w/config');
    expect(configFile(w)).toBe('/w/config/tensorzero.toml');
    expect(gatewayDir(w)).toBe('/w/gateway');
    expect(testGatewayDir(w)).toBe('/w/gateway/test');
    expect(autopilotIterationDir(w, 1)).toBe('/w/autopilot/iteration_001');
    expect(autopilotIterationDir(w, 12)).toBe('/w/autopilot/iteration_012');
    expect(rolloutDir(w, 0, 'baseline', 'train')).toBe('/w/rollouts/iteration_000/baseline/train');
    expect(rolloutDir(w, 3, 'post_autopilot', 'test')).toBe('/w/rollouts/iteration_003/post_autopilot/test');
    expect(snapshotRolloutDir(w, 'test')).toBe('/w/rollouts/baseline/test');
    expect(resultsDir(w)).toBe('/w/results');
    expect(runJsonPath(w)).toBe('/w/results/run.json');
    expect(iterationsJsonPath(w)).toBe('/w/results/iterations.json');
  });
});

describe('isoUtc', () => {
  it('writes UTC with microseconds and a +00:00 offset, like Python isoformat', () => {
    expect(isoUtc(new Date('2026-03-20T15:30:00.123Z'))).toBe('2026-03-20T15:30:00.123000+00:00');
  });
});
