/** The gateway contract suite on the built-in gateway: a real subprocess from `dist/`, SQLite store, over HTTP. */
import { startBuiltinGateway } from './builtin-engine';
import { defineGatewayContractSuite } from './suite';

process.env.LOG_LEVEL ??= 'silent';
jest.setTimeout(120_000);

defineGatewayContractSuite('built-in gateway', startBuiltinGateway);
