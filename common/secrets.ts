/**
 * Secret handling: API keys reach providers only through the environment; everything we log or
 * write passes through `redactSecrets`, which replaces the value of every secret-looking
 * environment variable with a placeholder.
 */
const SECRET_NAME_RE = /(API_KEY|_TOKEN|SECRET|PASSWORD)$/;

/** Values of environment variables whose names look like secrets (8+ characters, to avoid masking trivia). */
export function secretValues(env: NodeJS.ProcessEnv = process.env): string[] {
  return Object.entries(env)
    .filter(([name, value]) => SECRET_NAME_RE.test(name) && typeof value === 'string' && value.length >= 8)
    .map(([, value]) => value as string);
}

/** Replaces every known secret value in `text` with `[REDACTED]`. */
export function redactSecrets(text: string, secrets: string[] = secretValues()): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('[REDACTED]');
  return out;
}
