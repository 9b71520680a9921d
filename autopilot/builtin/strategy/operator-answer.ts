/**
 * The one question the built-in autopilot may put to the operator (allowed models, budget for its
 * own scoring inferences), and how a free-text answer is read: `provider::model` tokens are the
 * allowed models, `$N` / `N USD` / `N dollars` is the budget, "no limit" clears it. Whatever the
 * answer leaves out falls back to the default the question states.
 */

export interface OperatorQuestionNeeds {
  /** the request names no models */
  models: boolean;
  /** no budget is configured while scoring costs money */
  budget: boolean;
}

export interface OperatorQuestionDefaults {
  /** models used when the answer names none */
  models: string[];
  /** USD the scoring would cost at the observed price (null: unknown) */
  estimatedCostUsd: number | null;
}

export function operatorQuestionText(needs: OperatorQuestionNeeds, defaults: OperatorQuestionDefaults): string {
  const parts: string[] = ['Before I spend anything on this run, two choices are yours to make.'];
  if (needs.models) {
    parts.push(
      `Which models may I use for new variants? Please name them as provider::model. If you name none, I will use ${defaults.models.join(', ') || "the baseline's model"} only.`,
    );
  }
  if (needs.budget) {
    const estimate = defaults.estimatedCostUsd === null ? '' : ` (about $${defaults.estimatedCostUsd.toFixed(2)} at the prices seen so far)`;
    parts.push(
      `I score candidate prompts on stored train examples with dry-run inferences before deploying them${estimate}. Is there a budget in USD for those? If you name none, I will not set a limit.`,
    );
  }
  return parts.join(' ');
}

const MODEL_TOKEN_RE = /\b([A-Za-z0-9_.-]+::[A-Za-z0-9_.\-/:]*[A-Za-z0-9_])/g;
const BUDGET_RES = [/\$\s*(\d+(?:\.\d+)?)/, /(\d+(?:\.\d+)?)\s*(?:usd|us\$|dollars?)\b/i];
const NO_LIMIT_RE = /\b(no|without( a)?)\s+(budget|limit|cap)\b|\bunlimited\b/i;

export interface ParsedOperatorAnswer {
  allowedModels: string[] | null;
  /** a number, null for "no limit" or nothing said */
  budgetUsd: number | null;
  /** true when the answer gave a number or said "no limit" */
  budgetStated: boolean;
}

export function parseOperatorAnswer(text: string): ParsedOperatorAnswer {
  const models = [...new Set([...text.matchAll(MODEL_TOKEN_RE)].map((m) => m[1]))];
  let budgetUsd: number | null = null;
  let budgetStated = false;
  for (const re of BUDGET_RES) {
    const match = re.exec(text);
    if (match) {
      budgetUsd = Number(match[1]);
      budgetStated = true;
      break;
    }
  }
  if (!budgetStated && NO_LIMIT_RE.test(text)) budgetStated = true;
  return { allowedModels: models.length > 0 ? models : null, budgetUsd, budgetStated };
}
