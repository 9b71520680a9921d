import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ATTENDED_DECISION_TIMEOUT_SECONDS, planRuns } from './run-inputs';
import { DEFAULT_DECISION_TIMEOUT_SECONDS } from '../workflows/operator-decisions';
import { writeQuickstartConfig, type EditableConfig } from '../test/fixtures/quickstart-config';

function quickstartConfig(edit?: (config: EditableConfig) => void): string {
  return writeQuickstartConfig(path.join(mkdtempSync(path.join(tmpdir(), 'run-inputs-')), 'config.yaml'), edit);
}

describe('planRuns', () => {
  it('gives two runs of one environment planned in the same second distinct workflow ids', () => {
    const config = quickstartConfig();
    const now = new Date('2026-03-20T15:30:00.250Z');
    const [a] = planRuns({ config, workDir: '.', seed: 5 }, now);
    const [b] = planRuns({ config, workDir: '.', seed: 5 }, new Date('2026-03-20T15:30:00.750Z'));
    expect(a.workflowId).toMatch(/^bench-ner_conllpp_v0-20260320T153000Z-seed5-[0-9a-f]{8}$/);
    expect(b.workflowId).not.toBe(a.workflowId);
    expect(a.workflowId.endsWith(a.input.runId.slice(-8))).toBe(true);
  });

  it('waits 2 minutes for an operator when unattended and 1 hour in a terminal, unless the config says', () => {
    const config = quickstartConfig();
    expect(planRuns({ config, workDir: '.' })[0].input.decisionTimeoutSeconds).toBe(DEFAULT_DECISION_TIMEOUT_SECONDS);
    expect(DEFAULT_DECISION_TIMEOUT_SECONDS).toBe(120);
    expect(planRuns({ config, workDir: '.', interactive: true })[0].input.decisionTimeoutSeconds).toBe(ATTENDED_DECISION_TIMEOUT_SECONDS);
    const explicit = quickstartConfig((c) => (c.infra = { failure_decision_timeout: 45 }));
    expect(planRuns({ config: explicit, workDir: '.', interactive: true })[0].input.decisionTimeoutSeconds).toBe(45);
  });
});
