/** Removes a secret (an API key) from text we return, store or throw, even if a server echoes it back. */
export function redactSecret(text: string, secret: string | undefined): string {
  return secret ? text.split(secret).join('[REDACTED]') : text;
}
