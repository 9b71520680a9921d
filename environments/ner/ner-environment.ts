import { EnvironmentStateError, InvalidActionError, InvalidTaskIndexError } from '../errors';
import type { Action, Environment, EnvironmentSpec, FeedbackCollection, Message, Observation, ResetData, StepData } from '../types';
import { asNerEntities, type NerRow, type NerSplit } from './entities';
import { computeExactMatch, computeJaccardSimilarity } from './metrics';
import { NER_ENV_NAME, NER_FUNCTION_NAME } from './spec';

export interface NerEnvironmentOptions {
  spec: EnvironmentSpec;
  /** the rows of the selected split */
  rows: NerRow[];
  split: NerSplit;
  /** picks the task when reset() gets no index; default Math.random (like the original, not reproducible) */
  random?: () => number;
}

/**
 * One NER episode: reset shows a sentence, the single step scores the agent's JSON entities
 * (exact match and Jaccard, both episode-level) and ends the episode.
 */
export class NerEnvironment implements Environment {
  readonly spec: EnvironmentSpec;
  readonly numTasks: number;
  private readonly rows: NerRow[];
  private readonly split: NerSplit;
  private readonly random: () => number;
  private task: { index: number; row: NerRow } | null = null;
  private messages: Message[] = [];
  private timestep = 0;
  private done = false;

  constructor(options: NerEnvironmentOptions) {
    this.spec = options.spec;
    this.rows = options.rows;
    this.split = options.split;
    this.numTasks = options.rows.length;
    this.random = options.random ?? Math.random;
  }

  async reset(taskIdx?: number): Promise<ResetData> {
    if (this.numTasks === 0) throw new EnvironmentStateError(NER_ENV_NAME, `the '${this.split}' split has no rows`);
    const index = taskIdx ?? Math.floor(this.random() * this.numTasks);
    if (!Number.isInteger(index) || index < 0 || index >= this.numTasks) throw new InvalidTaskIndexError(NER_ENV_NAME, index, this.numTasks);
    this.task = { index, row: this.rows[index] };
    this.messages = [{ role: 'user', content: [{ type: 'text_result', value: this.task.row.input }] }];
    this.timestep = 0;
    this.done = false;
    return { observation: this.observation(), info: this.info() };
  }

  async step(action: Action): Promise<StepData> {
    if (!this.task) throw new EnvironmentStateError(NER_ENV_NAME, 'step() called before reset()');
    if (this.done) throw new EnvironmentStateError(NER_ENV_NAME, 'step() called after the episode ended; call reset() first');
    if (Array.isArray(action) || action?.type !== 'json') {
      throw new InvalidActionError(NER_ENV_NAME, `${NER_FUNCTION_NAME} is a json function; expected a {type: 'json'} action, got ${describeAction(action)}`);
    }
    this.timestep++;
    this.messages.push({ role: 'assistant', content: action });
    const predicted = asNerEntities(action.content);
    const gold = this.task.row.output;
    const feedback: FeedbackCollection = {
      inference: [],
      episode: [
        { name: 'exact_match', value: predicted ? computeExactMatch(predicted, gold) : false },
        { name: 'jaccard_similarity', value: predicted ? computeJaccardSimilarity(predicted, gold) : 0 },
      ],
    };
    this.done = true;
    return {
      observation: this.observation(),
      feedback,
      terminated: true,
      truncated: this.timestep >= this.spec.horizon,
      info: this.info(),
    };
  }

  async close(): Promise<void> {
    this.task = null;
    this.messages = [];
  }

  private observation(): Observation {
    return { functionName: NER_FUNCTION_NAME, system: null, messages: structuredClone(this.messages) };
  }

  private info(): Record<string, unknown> {
    return { task_idx: this.task?.index ?? null, task_split: this.split };
  }
}

function describeAction(action: unknown): string {
  if (Array.isArray(action)) return `a list of ${action.length} content block(s)`;
  return JSON.stringify(action)?.slice(0, 80) ?? String(action);
}
