/**
 * The message of a JSON error body in either shape our peers answer with: TensorZero's
 * `{"error": "…"}` or OpenAI's `{"error": {"message": "…"}}`; undefined for anything else.
 */
export function errorMessageOf(body: string): string | undefined {
  let parsed: { error?: { message?: unknown } | string } | null;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined; // not JSON
  }
  if (typeof parsed?.error === 'string') return parsed.error;
  if (typeof parsed?.error?.message === 'string') return parsed.error.message;
  return undefined;
}
