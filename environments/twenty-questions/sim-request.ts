import { findJsonObjects, tryParseObject } from '../../common/oracle-contract/embedded-json';
import { messageText, responseSchemaKeys, systemText, type ChatCompletionRequest } from '../../common/oracle-contract/chat-request';
import { answerOfReply } from './answers';
import type { Answer } from './spec';

/**
 * How the simulator tells the three 21 Questions calls apart. It sees only the chat-completions
 * request the gateway rendered, never function names, so it goes by the prompts: every 21
 * Questions system prompt names the game; the answerer's carries a `Secret: …` line; the
 * generator's asks to think of a secret. Anything else naming the game is the agent's question.
 */
export type TwentyQuestionsCall = 'generate_secret' | 'answer_question' | 'ask_question';

const GAME_RE = /\b(21|twenty[- ]one) questions\b/i;
const SECRET_LINE_RE = /^\s*secret:\s*(\S.*?)\s*$/im;
const GENERATOR_RE = /\bthink of a secret\b/i;

export function recogniseCall(request: ChatCompletionRequest): TwentyQuestionsCall | null {
  const system = systemText(request);
  if (!GAME_RE.test(system)) {
    // An optimised ask_question prompt might drop the game's name; its output schema still tells.
    return responseSchemaKeys(request).includes('question') ? 'ask_question' : null;
  }
  if (SECRET_LINE_RE.test(system)) return 'answer_question';
  if (GENERATOR_RE.test(system)) return 'generate_secret';
  return 'ask_question';
}

/** The secret stated in the answerer's system prompt. */
export function secretInPrompt(request: ChatCompletionRequest): string | null {
  return SECRET_LINE_RE.exec(systemText(request))?.[1] ?? null;
}

/** One question the agent asked and the reply it got (null while unanswered or unreadable). */
export interface Exchange {
  question: string | null;
  answer: Answer | null;
}

/** The agent's earlier questions and the host's replies, read from the conversation only. */
export function readExchanges(request: ChatCompletionRequest): Exchange[] {
  const exchanges: Exchange[] = [];
  for (const message of request.messages) {
    if (message.role === 'assistant') exchanges.push({ question: questionInOutput(messageText(message)), answer: null });
    else if (message.role === 'user' && exchanges.length > 0 && exchanges[exchanges.length - 1].answer === null) {
      exchanges[exchanges.length - 1].answer = answerOfReply(messageText(message));
    }
  }
  return exchanges;
}

function questionInOutput(text: string): string | null {
  const object = tryParseObject(text.trim()) ?? findJsonObjects(text).find((o) => typeof o.question === 'string') ?? null;
  if (object) return typeof object.question === 'string' ? object.question : null;
  return text.trim() || null;
}
