/** The provider contract suite on every provider type (see README.md for what is not applicable where). */
import { PROVIDER_REGISTRY } from './registry';
import { defineProviderContractSuite } from './suite';

process.env.LOG_LEVEL ??= 'silent';
jest.setTimeout(60_000);

defineProviderContractSuite(PROVIDER_REGISTRY);
