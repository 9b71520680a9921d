import { gatewayDatabaseUrls, isDbScopingEnabled, PostgresUrlError, scopedDatabaseName, scopeToken } from './postgres-urls';

const RUN_ID = '019a1b2c-3d4e-7f00-8a1b-2c3d4e5f6a7b';
const SCOPE = '2c3d4e5f6a7b';

describe('Postgres database scoping', () => {
  it('takes the last 12 hex characters of the run id as scope', () => {
    expect(scopeToken(RUN_ID)).toBe(SCOPE);
  });

  it('truncates the base, never the suffix, to 63 characters', () => {
    expect(scopedDatabaseName('tensorzero', SCOPE)).toBe(`tensorzero_${SCOPE}`);
    const long = 'x'.repeat(70);
    const name = scopedDatabaseName(long, SCOPE);
    expect(name).toBe(`${'x'.repeat(50)}_${SCOPE}`);
    expect(name).toHaveLength(63);
  });

  it('enables scoping by default and only for 1/true/yes', () => {
    expect(isDbScopingEnabled({})).toBe(true);
    expect(isDbScopingEnabled({ TENSORZERO_SCOPE_DB: ' yes ' })).toBe(true);
    expect(isDbScopingEnabled({ TENSORZERO_SCOPE_DB: 'TRUE' })).toBe(false);
    expect(isDbScopingEnabled({ TENSORZERO_SCOPE_DB: '0' })).toBe(false);
  });

  it('scopes the primary DB and derives the test DB from the scoped primary', () => {
    const urls = gatewayDatabaseUrls({ primaryUrl: 'postgres://u:p@db:5432/tensorzero?sslmode=disable', runId: RUN_ID, scoping: true });
    expect(urls.primary).toBe(`postgres://u:p@db:5432/tensorzero_${SCOPE}?sslmode=disable`);
    expect(urls.test).toBe(`postgres://u:p@db:5432/tensorzero_${SCOPE}_test_${SCOPE}?sslmode=disable`);
  });

  it('uses an explicit test URL, and leaves URLs alone when scoping is off', () => {
    const scoped = gatewayDatabaseUrls({ primaryUrl: 'postgres://a/main', testUrl: 'postgres://b/other', runId: RUN_ID, scoping: true });
    expect(scoped.test).toBe(`postgres://b/other_${SCOPE}`);
    const off = gatewayDatabaseUrls({ primaryUrl: 'postgres://a/main', runId: RUN_ID, scoping: false });
    expect(off).toEqual({ primary: 'postgres://a/main', test: 'postgres://a/main_test' });
  });

  it('rejects a URL without a database name, without echoing the password', () => {
    const attempt = () => gatewayDatabaseUrls({ primaryUrl: 'postgres://user:hunter2secret@db:5432', runId: RUN_ID, scoping: true });
    expect(attempt).toThrow(PostgresUrlError);
    expect(attempt).toThrow(/TENSORZERO_POSTGRES_URL: .*no database name/);
    expect(attempt).not.toThrow(/hunter2secret/);
  });
});
