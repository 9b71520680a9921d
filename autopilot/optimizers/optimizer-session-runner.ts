/**
 * A session of a third-party optimiser (GEPA, DSPy MIPROv2, DSPy GEPA) behind the same session
 * protocol as the built-in autopilot:
 *
 *   read the train gateway (config, inferences with feedback, performances) → pick the target and
 *   the best variant → run the Python helper (every model call through the metered endpoint,
 *   every candidate graded here) → report what it did → write_config (one new variant with the
 *   optimised system prompt and demonstrations, in a track_and_stop experiment with the best)
 *   → approve → idle.
 *
 * Client events, approvals and tool results are handled like the built-in's (`ToolCalls`).
 * Questions are never asked; a message after the work is done is answered with a note.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { InvalidRequestError } from '../builtin/errors';
import type { SessionRunnerOptions } from '../builtin/session-runner';
import { readSessionInputs } from '../builtin/session-inputs';
import type { SessionState } from '../builtin/session-state';
import { ToolCalls } from '../builtin/tool-calls';
import { settledQueue } from '../builtin/session-steps';
import type { ApproveAllResponse, ClientPayload, SessionEvent, ToolOutcome, AuthorizationSource, AuthorizationStatus } from '../protocol';
import { isChatCompletionVariant, systemTemplateText } from '../builtin/strategy/config-access';
import { successfulInferences, toWorkedExamples } from '../builtin/strategy/few-shot-selection';
import { resolveTarget } from '../builtin/strategy/target-resolution';
import { analyseFunction } from '../builtin/strategy/variant-analysis';
import { randomInt, seededRandom } from '../../statistics/seeded-random';
import { gradeAgainstReference } from './reference-grading';
import { startModelEndpoint } from './model-endpoint';
import { OptimizerHelperError, runOptimizerHelper } from './python-helper';
import { optimizerEdits } from './optimizer-edits';
import { optimizerReport } from './optimizer-report';
import type { OptimizerSettings } from './optimizer-settings';

export class OptimizerSessionRunner {
  private generation = 0;
  private work: Promise<void> = Promise.resolve();
  private done = false;
  private readonly toolCalls: ToolCalls;
  private readonly helperAbort = new AbortController();

  constructor(
    readonly state: SessionState,
    private readonly options: SessionRunnerOptions,
    private readonly settings: OptimizerSettings,
  ) {
    this.toolCalls = new ToolCalls(state, settings.stepDelayMs, {
      isStale: (generation) => this.isStale(generation),
      pause: (ms, generation) => this.pause(ms, generation),
      say: (text) => this.say(text),
    });
  }

  start(initialMessage: string): SessionEvent {
    const event = this.state.append({ type: 'message', role: 'user', content: [{ type: 'text', text: initialMessage }] });
    this.state.status = 'server_side_processing';
    this.schedule((generation) => this.optimise(generation, initialMessage));
    return event;
  }

  receive(payload: ClientPayload): SessionEvent {
    switch (payload.type) {
      case 'message': {
        const text = typeof payload.content === 'string' ? payload.content : payload.content.map((c) => c.text).join('\n');
        const event = this.state.append({ type: 'message', role: 'user', content: [{ type: 'text', text }] });
        if (this.state.status === 'idle' && this.done) this.say(`The ${this.settings.optimizer} run of this session is finished; there is nothing left to do.`);
        return event;
      }
      case 'tool_call_authorization': {
        const record = this.toolCalls.require(payload.tool_call_event_id);
        if (record.state !== 'pending') throw new InvalidRequestError(`tool call ${payload.tool_call_event_id} is not awaiting authorization`);
        const status = payload.status as AuthorizationStatus;
        const event = this.toolCalls.authorize(record, payload.source as AuthorizationSource, status);
        if (status.type === 'approved') this.scheduleExecution();
        else {
          this.toolCalls.complete(record, { type: 'rejected', reason: status.type === 'rejected' ? status.reason : 'not approved' });
          this.toolCalls.settleStatus();
        }
        return event;
      }
      case 'tool_result': {
        const record = this.toolCalls.require(payload.tool_call_event_id);
        const event = this.toolCalls.complete(record, payload.outcome as ToolOutcome);
        this.toolCalls.settleStatus();
        return event;
      }
      case 'user_questions_answers':
        throw new InvalidRequestError(`session ${this.state.id} asked no questions`);
    }
  }

  approveAll(lastToolCallEventId: string): ApproveAllResponse {
    const response = this.toolCalls.approveAll(lastToolCallEventId);
    if (response.approved_count > 0) this.scheduleExecution();
    return response;
  }

  interrupt(): void {
    this.generation++;
    this.helperAbort.abort();
    this.state.dropPendingWork();
  }

  settled(): Promise<void> {
    return settledQueue(() => this.work);
  }

  // ---- work ---------------------------------------------------------------------------------

  private schedule(task: (generation: number) => Promise<void>): void {
    const generation = this.generation;
    this.work = this.work
      .then(() => (this.isStale(generation) ? undefined : task(generation)))
      .catch((err: unknown) => {
        if (this.options.signal.aborted || this.isStale(generation)) return;
        this.options.logger.error({ err: String(err), sessionId: this.state.id }, 'optimizer session failed');
        const detail = err instanceof OptimizerHelperError && err.stderrTail ? `\n${err.stderrTail.slice(-800)}` : '';
        this.fail(`${this.settings.optimizer}: ${(err as Error).message ?? String(err)}${detail}`);
      });
  }

  private scheduleExecution(): void {
    this.state.status = 'waiting_for_tool_execution';
    this.schedule((generation) => this.toolCalls.executeAuthorized(generation));
  }

  private async optimise(generation: number, text: string): Promise<void> {
    const { dataSource, strategy } = this.options;
    const inputs = await readSessionInputs(dataSource, strategy.inferenceLimit, () => this.isStale(generation));
    if (this.isStale(generation)) return;
    const config = inputs.snapshot.config;
    const target = resolveTarget({ config, inferencesByFunction: inputs.inferencesByFunction, text });
    if (target.kind !== 'resolved') return this.finish(`Nothing to optimise: ${target.kind === 'impossible' ? target.reason : target.question}`);
    const fn = config.functions[target.functionName];
    const metric = config.metrics[target.metricName];
    const inferences = inputs.inferencesByFunction[target.functionName] ?? [];
    const performances = await dataSource.getVariantPerformances(target.functionName, target.metricName);
    const analysis = analyseFunction({ functionName: target.functionName, fn, metricName: target.metricName, metric, inferences, performances, minTrustedCount: strategy.minSamplesPerVariant });
    const base = analysis ? fn.variants[analysis.bestVariant] : undefined;
    if (!analysis || !base || !isChatCompletionVariant(base)) return this.finish(`Nothing to optimise: ${target.functionName} has no chat_completion variant to start from.`);

    // References: distinct train inputs whose answer scored the metric's best value.
    const references = toWorkedExamples(successfulInferences(inferences, target.metricName, metric));
    if (references.length < 2) return this.finish(`Only ${references.length} train inference(s) of ${target.functionName} scored well on ${target.metricName}; ${this.settings.optimizer} needs at least 2 to learn from.`);
    const picked = shuffled(references, this.settings.seed).slice(0, this.settings.examples);
    const byId = new Map(picked.map((e) => [e.inferenceId, e]));
    const half = Math.max(1, Math.floor(picked.length / 2));
    const asItem = (e: (typeof picked)[number]) => ({ id: e.inferenceId, input: e.inputText });
    const seedPrompt = systemTemplateText(base) ?? '';
    this.say(
      `Running ${this.settings.optimizer} on ${target.functionName} (metric ${target.metricName}) from variant ${analysis.bestVariant} (${base.model}): ` +
        `${half} train and ${picked.length - half} validation examples, up to ${this.settings.maxMetricCalls} candidate evaluations.`,
    );

    const endpoint = await startModelEndpoint(dataSource, (id, output) => {
      const reference = byId.get(id);
      return reference ? gradeAgainstReference(reference.outputText, output) : null;
    });
    let result;
    try {
      result = await runOptimizerHelper(
        this.settings,
        {
          optimizer: this.settings.optimizer,
          seed: this.settings.seed,
          lm_url: `${endpoint.url}/v1`,
          grade_url: `${endpoint.url}/grade`,
          task_model: base.model,
          reflection_model: this.settings.reflectionModel ?? base.model,
          seed_prompt: seedPrompt,
          trainset: picked.slice(0, half).map(asItem),
          valset: picked.slice(half).map(asItem),
          max_metric_calls: this.settings.maxMetricCalls,
          max_demos: this.settings.maxDemos,
          request_timeout_s: this.settings.requestTimeoutS,
        },
        this.helperAbort.signal,
        (line) => this.options.logger.debug({ sessionId: this.state.id }, line),
      );
    } finally {
      await endpoint.close();
    }
    if (this.isStale(generation)) return;

    this.say(optimizerReport(this.settings.optimizer, result, endpoint.stats, this.settings.maxMetricCalls));

    const edits = optimizerEdits({ config, functionName: target.functionName, metricName: target.metricName, baseName: analysis.bestVariant, base, result, optimizer: this.settings.optimizer, strategy });
    if (edits.length === 0) {
      return this.finish(result.stopped_by_budget ? 'The budget stopped the optimiser before it finished; nothing is written.' : `The optimised prompt is the prompt already deployed (${analysis.bestVariant}); nothing to write.`);
    }
    this.say(`Proposing variant ${edits[0].variant_name ?? ''} with the optimised system prompt${result.demos.length ? ` and ${result.demos.length} demonstration(s)` : ''}, in a track_and_stop experiment with ${analysis.bestVariant}.`);
    this.done = true;
    this.toolCalls.propose({ edits }, inputs.snapshot.hash);
  }

  private finish(message: string): void {
    this.say(message);
    this.done = true;
    this.state.status = 'idle';
  }

  private isStale(generation: number): boolean {
    return generation !== this.generation || this.options.signal.aborted || this.state.status === 'failed';
  }

  private async pause(ms: number, generation: number): Promise<boolean> {
    await sleep(ms, undefined, { signal: this.options.signal });
    return !this.isStale(generation);
  }

  private say(text: string): void {
    this.state.append({ type: 'message', role: 'assistant', content: [{ type: 'text', text }] });
  }

  private fail(message: string): void {
    this.state.append({ type: 'error', message });
    this.state.status = 'failed';
  }
}

/** Fisher–Yates with the run's seed, so a seed picks the same examples every time. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = seededRandom(seed, 'python-optimizer-examples');
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(random, i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
