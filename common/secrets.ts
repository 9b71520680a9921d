/**
 * Secret handling: API keys reach providers only through the environment; everything we log or
 * write passes through `redactSecrets`, which replaces the value of every secret-looking
 * environment variable, and of every secret registered with `registerSecret`, with a placeholder.
 */
// SECRET_ACCESS_KEY: AWS_SECRET_ACCESS_KEY (S3 checkpoint storage), whose name ends in neither of the others.
const SECRET_NAME_RE = /(API_KEY|_TOKEN|SECRET|PASSWORD|SECRET_ACCESS_KEY)$/;

/** Secrets this process made itself (they are in no environment variable of its own). */
const registered = new Set<string>();

/** Values of environment variables whose names look like secrets (8+ characters, to avoid masking trivia). */
export function secretValues(env: NodeJS.ProcessEnv = process.env): string[] {
  return Object.entries(env)
    .filter(([name, value]) => SECRET_NAME_RE.test(name) && typeof value === 'string' && value.length >= 8)
    .map(([, value]) => value as string);
}

/**
 * Masks `value` in everything `redactSecrets` handles from now on, e.g. the bearer token the
 * built-in autopilot generates, which only its gateways' environments carry. Returns the undo.
 */
export function registerSecret(value: string): () => void {
  if (value.length < 8) return () => {};
  registered.add(value);
  return () => void registered.delete(value);
}

/** Replaces every known secret value in `text` (and every registered one) with `[REDACTED]`. */
export function redactSecrets(text: string, secrets: string[] = secretValues()): string {
  let out = text;
  for (const secret of [...secrets, ...registered]) out = out.split(secret).join('[REDACTED]');
  return out;
}
