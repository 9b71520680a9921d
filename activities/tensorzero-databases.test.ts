import { redactSecrets } from '../common/secrets';
import { MissingPostgresUrlError, tensorzeroDatabaseEnv } from './tensorzero-databases';

const RUN_ID = '0192f0a1-2b3c-7d4e-8f90-a1b2c3d4e5f6';

describe('tensorzeroDatabaseEnv', () => {
  it('scopes the primary and derived test databases with the run id by default', () => {
    const env = tensorzeroDatabaseEnv(RUN_ID, { TENSORZERO_POSTGRES_URL: 'postgres://u:p@db:5432/tensorzero' });
    expect(env.train.TENSORZERO_POSTGRES_URL).toBe('postgres://u:p@db:5432/tensorzero_a1b2c3d4e5f6');
    expect(env.test.TENSORZERO_POSTGRES_URL).toBe('postgres://u:p@db:5432/tensorzero_a1b2c3d4e5f6_test_a1b2c3d4e5f6');
  });

  it('uses an explicit test URL and leaves names alone when scoping is off', () => {
    const env = tensorzeroDatabaseEnv(RUN_ID, {
      TENSORZERO_POSTGRES_URL: 'postgres://u:p@db:5432/tensorzero',
      TENSORZERO_TEST_POSTGRES_URL: 'postgres://u:p@testdb:5432/tz_test',
      TENSORZERO_SCOPE_DB: 'no',
    });
    expect(env).toEqual({
      train: { TENSORZERO_POSTGRES_URL: 'postgres://u:p@db:5432/tensorzero' },
      test: { TENSORZERO_POSTGRES_URL: 'postgres://u:p@testdb:5432/tz_test' },
    });
  });

  it('refuses to start without TENSORZERO_POSTGRES_URL, saying which setting needs it', () => {
    expect(() => tensorzeroDatabaseEnv(RUN_ID, {})).toThrow(MissingPostgresUrlError);
    expect(() => tensorzeroDatabaseEnv(RUN_ID, { TENSORZERO_POSTGRES_URL: '  ' })).toThrow(/infra\.gateway_binary_path/);
  });

  it('rejects a URL that is not postgres://, naming the variable and hiding the credentials', () => {
    expect(() => tensorzeroDatabaseEnv(RUN_ID, { TENSORZERO_POSTGRES_URL: 'http://u:pw-9931@db:5432/tensorzero' })).toThrow(
      'TENSORZERO_POSTGRES_URL: must be a postgres:// or postgresql:// URL, got http:// (http://db:5432/tensorzero)',
    );
  });

  it('registers the database passwords so logs and error tails redact them', () => {
    tensorzeroDatabaseEnv(RUN_ID, {
      TENSORZERO_POSTGRES_URL: 'postgres://u:prim%40ry-7781@db:5432/tensorzero',
      TENSORZERO_TEST_POSTGRES_URL: 'postgres://u:test-7782@db:5432/tz_test',
    });
    expect(redactSecrets('a prim@ry-7781 b test-7782 c', [])).not.toMatch(/prim@ry-7781|test-7782/);
  });
});
