/**
 * `--autopilots builtin,gepa,dspy_mipro,placebo,http=<url>`: each name → the `autopilot_target`
 * it stands for. Controls are the built-in's strategies; optimisers are `python_optimizer`; an
 * external autopilot joins by URL (`http=<url>` or the URL itself).
 */
import { AUTOPILOT_STRATEGIES } from '../config/schema';
import { PYTHON_OPTIMIZERS } from '../autopilot/optimizers/optimizer-settings';

export interface AutopilotSpec {
  name: string;
  target: Record<string, unknown>;
}

export class ArenaSpecError extends Error {
  override readonly name = 'ArenaSpecError';
  constructor(readonly value: string) {
    super(`--autopilots: "${value}" is not an autopilot; use builtin, ${AUTOPILOT_STRATEGIES.filter((s) => s !== 'optimiser').join(', ')}, ${PYTHON_OPTIMIZERS.join(', ')} or http=<url>`);
  }
}

/** `builtinBlock`: the config's own `autopilot_target.builtin` settings, kept for the built-in and its controls. */
export function parseAutopilotSpecs(list: string, builtinBlock: Record<string, unknown> | undefined): AutopilotSpec[] {
  return list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((value) => {
      if (value === 'builtin') return { name: 'builtin', target: { kind: 'builtin', builtin: { ...builtinBlock, strategy: 'optimiser' } } };
      if ((AUTOPILOT_STRATEGIES as readonly string[]).includes(value)) return { name: value, target: { kind: 'builtin', builtin: { ...builtinBlock, strategy: value } } };
      if ((PYTHON_OPTIMIZERS as readonly string[]).includes(value)) {
        return { name: value, target: { kind: 'python_optimizer', python_optimizer: { optimizer: value, reflection_model: builtinBlock?.optimizer_model ?? null } } };
      }
      const url = value.startsWith('http=') ? value.slice(5) : /^https?:\/\//.test(value) ? value : null;
      if (url) return { name: `http ${new URL(url).host}`, target: { kind: 'http', base_url: url } };
      throw new ArenaSpecError(value);
    });
}
