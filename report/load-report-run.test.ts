import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadReportRun } from './load-report-run';

let dir: string;
const write = (rel: string, value: unknown) => {
  mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  writeFileSync(path.join(dir, rel), typeof value === 'string' ? value : JSON.stringify(value));
};
const RUN = { id: 'r1', environment_name: 'env', eval_config: { metric_name: 'm', initial_model: 'sim::small' }, seed: 4, status: 'completed', started_at: '2026-01-01T00:00:00Z' };
const entry = (k: number, variants: Record<string, { mean: number; n: number; ci_error: number }>) => ({
  iteration_number: k, phase: k === 0 ? 'baseline' : 'post_autopilot', finished_at: `2026-01-01T00:0${k + 1}:00Z`,
  metrics: { test: { m: { variants } } },
});

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'report-load-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('a bad run.json is refused naming the file and the key path', async () => {
  write('results/run.json', { ...RUN, status: 3 });
  write('results/iterations.json', []);
  await expect(loadReportRun(dir, 'http://ui')).rejects.toThrow(`${path.join(dir, 'results/run.json')}: status: Invalid input: expected string, received number`);
});

test('metrics pool over variants by n; the config diff comes from the checkpoints; the transcript from the session artifacts', async () => {
  write('results/run.json', RUN);
  write('results/iterations.json', [entry(0, { initial: { mean: 0.5, n: 4, ci_error: 0.2 } }), entry(1, { initial: { mean: 0, n: 1, ci_error: 0 }, better: { mean: 1, n: 3, ci_error: 0 } })]);
  write('results/workflow.json', { workflow_id: 'bench-env-x', namespace: 'default' });
  write('checkpoints/iteration_000/config/t.minijinja', 'line one\nline two');
  write('checkpoints/iteration_001/config/t.minijinja', 'line one\nline 2');
  write('autopilot/iteration_001/initial_message.txt', 'Improve it.');
  write('autopilot/iteration_001/config_writes.raw.json', [{ created_at: 't1', payload: { name: 'write_config', arguments: { edit: 'x' } } }]);
  write('autopilot/iteration_001/session_result.json', { final_status: 'idle', turns: 2 });
  write('autopilot/builtin-memory.json', { rejected: { a: { variantName: 'cand_i1', reason: 'scored lower', at: 't2' }, b: { variantName: 'cand_i2', reason: 'other iteration' } } });

  const run = await loadReportRun(dir, 'http://ui/');
  expect(run.workflowUrl).toBe('http://ui/namespaces/default/workflows/bench-env-x');
  expect(run.iterations.map((i) => i.test?.mean)).toEqual([0.5, 0.75]);
  expect(run.iterations[1].durationSeconds).toBe(60);
  expect(run.iterations[1].diffs).toEqual([{ file: 't.minijinja', status: 'changed', lines: [{ op: ' ', text: 'line one' }, { op: '-', text: 'line two' }, { op: '+', text: 'line 2' }] }]);
  expect(run.iterations[1].transcript.map((t) => [t.kind, t.title])).toEqual([
    ['message', 'harness → autopilot'],
    ['tool-call', 'tool call: write_config'],
    ['rejection', 'rejected cand_i1'],
    ['status', 'session ended'],
  ]);
});

test('with session_events.json the transcript shows the autopilot, its questions, the answers, tool calls and refusals', async () => {
  write('results/run.json', RUN);
  write('results/iterations.json', [entry(0, { initial: { mean: 0.5, n: 4, ci_error: 0.2 } }), entry(1, { initial: { mean: 0.6, n: 4, ci_error: 0.2 } })]);
  write('autopilot/iteration_001/initial_message.txt', 'Improve it.');
  write('autopilot/iteration_001/session_events.json', [
    { id: '1', created_at: 't0', payload: { type: 'message', role: 'user', content: [{ type: 'text', text: 'Improve it.' }] } },
    { id: '2', payload: { type: 'message', role: 'assistant', content: [{ type: 'text', text: 'Trying a larger model.' }] } },
    { id: '3', payload: { type: 'user_questions', questions: [{ id: 'q', header: 'h', question: 'Budget?', type: 'free_response' }], content: [{ type: 'text', text: 'Budget?' }] } },
    { id: '4', payload: { type: 'user_questions_answers', user_questions_event_id: '3', responses: { q: { type: 'free_response', text: 'No limit.' } } } },
    { id: '5', payload: { type: 'tool_call', name: 'write_config', arguments: { variant_name: 'big' } } },
    { id: '6', payload: { type: 'tool_call_authorization', tool_call_name: 'write_config', status: { type: 'rejected', reason: 'too costly' } } },
    { id: '7', payload: { type: 'tool_result', tool_call_name: 'write_config', outcome: { type: 'failure', error: 'bad template' } } },
  ]);
  const run = await loadReportRun(dir, 'http://ui/');
  expect(run.iterations[1].transcript.map((t) => [t.kind, t.title, t.text])).toEqual([
    ['message', 'harness → autopilot', 'Improve it.'],
    ['message', 'autopilot', 'Trying a larger model.'],
    ['question', 'autopilot asks', 'Budget?'],
    ['answer', 'interlocutor answers', 'No limit.'],
    ['tool-call', 'tool call: write_config', '{\n  "variant_name": "big"\n}'],
    ['rejection', 'tool call refused: write_config', 'too costly'],
    ['rejection', 'tool failure: write_config', 'bad template'],
  ]);
});
