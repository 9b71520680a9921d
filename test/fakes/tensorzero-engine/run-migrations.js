// TEST STAND-IN for `gateway --run-postgres-migrations` (called by ./gateway-stand-in): the
// PyPI wheel cannot run TensorZero's migration step, so the sqlx migrations compiled into it
// are extracted (extract_migrations.py, each checked by its SHA-384) and applied with the
// product's own psql-based applier from dist/ (run `npm run build` first). Exit 1 on failure.
// Usage: run-migrations.js <python>   (database from TENSORZERO_POSTGRES_URL)
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..', '..');
const { runPsql } = require(path.join(root, 'dist', 'gateway', 'postgres-psql.js'));
const { applySqlxMigrations } = require(path.join(root, 'dist', 'gateway', 'postgres-sqlx-migrations.js'));

async function main() {
  const url = process.env.TENSORZERO_POSTGRES_URL;
  if (!url) throw new Error('TENSORZERO_POSTGRES_URL is not set');
  const python = process.argv[2];
  const extracted = JSON.parse(execFileSync(python, [path.join(__dirname, 'extract_migrations.py')], { maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }));
  if (!Array.isArray(extracted.migrators) || extracted.migrators.length !== 3) throw new Error('extract_migrations.py did not return the three migrators');
  await runPsql(url, fs.readFileSync(path.join(__dirname, 'durable-stand-in.sql'), 'utf8'));
  const result = await applySqlxMigrations(url, extracted.migrators);
  console.log(`TensorZero ${extracted.tensorzero_version} migrations: ${result.applied.length} applied, ${result.skipped} already there`);
}

main().catch((err) => {
  console.error(`error: migrations failed: ${err.message}`);
  process.exit(1);
});
