import { redactSecrets, registerSecret, secretValues } from './secrets';

test('secret-looking environment variables of 8+ characters are masked', () => {
  const env = { OPENAI_API_KEY: 'sk-0123456789', AUTOPILOT_TOKEN: 'short', HOME: '/home/someone-long' };
  expect(secretValues(env)).toEqual(['sk-0123456789']);
  expect(redactSecrets('key sk-0123456789 home /home/someone-long', secretValues(env))).toBe('key [REDACTED] home /home/someone-long');
});

test('a registered secret is masked until it is unregistered, whatever list the caller passes', () => {
  const unregister = registerSecret('generated-token-abcdef');
  expect(redactSecrets('Bearer generated-token-abcdef', [])).toBe('Bearer [REDACTED]');
  unregister();
  expect(redactSecrets('Bearer generated-token-abcdef', [])).toBe('Bearer generated-token-abcdef');
});

test('the AWS secret key and session token are masked; the access key id is not a secret', () => {
  const env = { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE0001', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG', AWS_SESSION_TOKEN: 'FwoGZXIvYXdzEBEXAMPLE' };
  expect(secretValues(env)).toEqual(['wJalrXUtnFEMI/K7MDENG', 'FwoGZXIvYXdzEBEXAMPLE']);
});
