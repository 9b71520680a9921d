import { chartSpecs } from './chart-series';
import { renderReportHtml } from './render-html';
import type { ReportData } from './report-data';
import { diffLines } from './text-diff';

const HOSTILE = '</script><script>alert(1)</script><img src=x onerror=alert(2)>';

function dataWith(text: string): ReportData {
  return {
    title: `run ${text}`,
    generatedAt: '2026-01-01T00:00:00.000Z',
    pooled: null,
    pooledNote: null,
    runs: [
      {
        dir: '/w', label: `seed 1 ${text}`, runId: 'r', environment: 'env', metricName: 'm', seed: 1, status: 'completed',
        startedAt: null, finishedAt: null, workflowId: null, workflowUrl: null, models: [text], config: { template: text }, resumes: 0,
        iterations: [
          {
            iteration: 1, phase: 'post_autopilot', finishedAt: null, durationSeconds: null, episodes: { total: 1, succeeded: 1, failed: 0 },
            test: { mean: 0.5, lower: 0.1, upper: 0.9, n: 4 }, train: null, paired: null,
            variants: [{ split: 'test', metric: 'm', variant: text, mean: 0.5, ciError: 0.1, n: 4 }],
            diffs: [{ file: `t/${text}`, status: 'changed', lines: diffLines('a', text) }],
            transcript: [{ kind: 'message', at: null, title: text, text }],
          },
        ],
      },
    ],
  };
}

test('text from artifacts is escaped everywhere: no element or script can be injected', () => {
  const data = dataWith(HOSTILE);
  const html = renderReportHtml(data, chartSpecs(data), { uplotJs: '/*lib*/', uplotCss: '' });
  expect(html).not.toContain('<img');
  expect(html).not.toContain('<script>alert');
  // the only script elements are the chart data, the library and the drawing code
  expect(html.match(/<script/g)).toHaveLength(3);
  expect(html).toContain('&lt;img src=x onerror=alert(2)&gt;');
  // the chart data survives as JSON that decodes back to the original label
  const json = /<script type="application\/json" id="chart-data">(.*?)<\/script>/s.exec(html)?.[1] ?? '';
  expect(JSON.parse(json)[0].series[0].label).toBe(`seed 1 ${HOSTILE} test`);
});

test('diffLines keeps common lines and marks removed and added ones in order', () => {
  expect(diffLines('a\nb\nc', 'a\nx\nc\nd')).toEqual([
    { op: ' ', text: 'a' },
    { op: '-', text: 'b' },
    { op: '+', text: 'x' },
    { op: ' ', text: 'c' },
    { op: '+', text: 'd' },
  ]);
  expect(diffLines('', 'new')).toEqual([{ op: '+', text: 'new' }]);
});
