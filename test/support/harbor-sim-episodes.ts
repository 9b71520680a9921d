import type { ChatCompletionRequest, ChatMessage } from '../../sim-provider/openai-wire';
import { simulateCompletion } from '../../sim-provider/simulate';
import type { Environment, InputBlock, ToolResultBlock } from '../../environments/types';
import { harborFixtureOracle } from '../../environments/harbor/oracle';

/**
 * Harbor fixture episodes played by the simulated provider against a real Harbor environment
 * (the bridge, the local sandbox, Harbor's verifier), in-process without a gateway: the request
 * is what the gateway would send (system prompt, instruction, earlier tool calls and results,
 * the tools), the answer's tool call is the next action.
 */
export interface HarborEpisodeOptions {
  tier: 'small' | 'medium' | 'large';
  seed: number;
  /** the system prompt (the example template rendered for /app, or another) */
  system: string;
}

const TOOLS = ['execute_command', 'submit_solution', 'think', 'plan'].map((name) => ({ type: 'function' as const, function: { name, parameters: { type: 'object' } } }));

/** One episode of task `idx`; returns the verifier's reward (0 when the model never calls a tool). */
export async function playHarborEpisode(env: Environment, idx: number, options: HarborEpisodeOptions): Promise<number> {
  const reset = await env.reset(idx);
  const [first] = reset.observation.messages[0].content as InputBlock[];
  const instruction = first.type === 'text_result' && typeof first.value === 'string' ? first.value : '';
  const messages: ChatMessage[] = [{ role: 'system', content: options.system }, { role: 'user', content: instruction }];
  for (;;) {
    const request: ChatCompletionRequest = { model: options.tier, messages, tools: TOOLS };
    const { toolCalls, content } = simulateCompletion(request, { seed: options.seed, oracles: [harborFixtureOracle] });
    const calls = toolCalls.map((c) => ({ type: 'tool_call' as const, id: c.id, name: c.function.name, arguments: JSON.parse(c.function.arguments) as Record<string, unknown> }));
    const step = await env.step(calls.length > 0 ? calls : [{ type: 'text', content: content ?? '' }]);
    messages.push({ role: 'assistant', content, tool_calls: toolCalls.map((c) => ({ ...c, function: { ...c.function } })) });
    for (const block of step.observation.messages.at(-1)!.content as ToolResultBlock[]) {
      if (block.type === 'tool_result') messages.push({ role: 'tool', tool_call_id: block.id, content: block.result });
    }
    if (step.terminated || step.truncated) {
      const reward = step.feedback.episode.find((f) => f.name === 'reward');
      return typeof reward?.value === 'number' ? reward.value : 0;
    }
  }
}
