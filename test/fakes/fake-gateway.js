#!/usr/bin/env node
/*
 * A stand-in for TensorZero's `gateway` binary in process-manager tests. It honours the same
 * command line (`--config-file <path or dir/*.toml>`, `--run-postgres-migrations`) and bind-address variable,
 * and answers `GET /health`. Test knobs, all environment variables:
 *   FAKE_GATEWAY_MIGRATIONS_EXIT   exit code of the migration step (default 0)
 *   FAKE_GATEWAY_EXIT_EARLY        exit with this code right after start, before listening
 *   FAKE_GATEWAY_HEALTH_STATUS     HTTP status of /health (default 200)
 *   FAKE_GATEWAY_IGNORE_SIGTERM    "1": ignore SIGTERM (only SIGKILL ends it)
 *   FAKE_GATEWAY_LEAK_KEY          "1": print TEST_API_KEY to stderr before an early exit
 */
'use strict';
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');

const args = process.argv.slice(2);
const configIndex = args.indexOf('--config-file');
const configFile = configIndex >= 0 ? args[configIndex + 1] : undefined;
// Like TensorZero, `--config-file` may be a `<dir>/*.toml` glob whose files are merged.
const configFiles =
  configFile && configFile.endsWith('/*.toml') && fs.existsSync(path.dirname(configFile))
    ? fs.readdirSync(path.dirname(configFile)).filter((f) => f.endsWith('.toml')).sort().map((f) => path.join(path.dirname(configFile), f))
    : configFile && fs.existsSync(configFile)
      ? [configFile]
      : [];
if (configFiles.length === 0) {
  process.stderr.write(`fake gateway: config file not found: ${configFile}\n`);
  process.exit(2);
}

if (args.includes('--run-postgres-migrations')) {
  const code = Number(process.env.FAKE_GATEWAY_MIGRATIONS_EXIT || '0');
  process.stdout.write(`fake gateway: migrations for ${configFile}\n`);
  if (code !== 0) process.stderr.write('fake gateway: migration failed: database unreachable\n');
  process.exit(code);
}

if (process.env.FAKE_GATEWAY_EXIT_EARLY) {
  process.stderr.write('fake gateway: line one of the failure\n');
  if (process.env.FAKE_GATEWAY_LEAK_KEY === '1') process.stderr.write(`fake gateway: key ${process.env.TEST_API_KEY}\n`);
  process.stderr.write('fake gateway: fatal: cannot load config\n');
  process.exit(Number(process.env.FAKE_GATEWAY_EXIT_EARLY));
}

const bind = process.env.TENSORZERO_GATEWAY_BIND_ADDRESS || '127.0.0.1:3000';
const match = /^\[?(.*?)\]?:(\d+)$/.exec(bind);
const host = match[1];
const port = Number(match[2]);
const healthStatus = Number(process.env.FAKE_GATEWAY_HEALTH_STATUS || '200');

const server = http.createServer((req, res) => {
  const send = (status, body) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  if (req.url === '/health') return send(healthStatus, { gateway: healthStatus === 200 ? 'ok' : 'error' });
  if (req.url === '/status') return send(200, { status: 'ok', version: 'fake', config_hash: 'fake' });
  if (req.url === '/fake/info') {
    return send(200, { pid: process.pid, configFile, bind, testApiKeyLength: (process.env.TEST_API_KEY || '').length });
  }
  send(404, { error: `no route ${req.url}` });
});

process.on('SIGTERM', () => {
  process.stdout.write('fake gateway: received SIGTERM\n');
  if (process.env.FAKE_GATEWAY_IGNORE_SIGTERM === '1') return;
  server.close(() => process.exit(0));
  server.closeAllConnections();
});

server.listen(port, host, () => {
  process.stdout.write(`fake gateway listening on http://${bind}\n`);
  process.stdout.write(`fake gateway config files: ${configFiles.join(', ')}\n`);
});
