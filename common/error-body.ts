/**
 * The message of a JSON error body in the shapes our peers answer with: TensorZero's
 * `{"error": "…"}`, OpenAI's (and Anthropic's, Google's) `{"error": {"message": "…"}}`, or the
 * flat `{"object": "error", "message": "…"}` of vLLM and SGLang; undefined for anything else.
 */
export function errorMessageOf(body: string): string | undefined {
  let parsed: { error?: { message?: unknown } | string; message?: unknown } | null;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined; // not JSON
  }
  if (typeof parsed?.error === 'string') return parsed.error;
  if (typeof parsed?.error?.message === 'string') return parsed.error.message;
  if (typeof parsed?.message === 'string') return parsed.message;
  return undefined;
}
