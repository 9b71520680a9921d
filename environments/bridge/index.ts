// The environment bridge: Python environments (project modules, llmgym) over JSON lines.
export { BridgeClient, createBridgeClient, sharedBridgeClient, resolvePython, resolveVirtualenvPython, bridgeServerPath, PYTHON_ENV_VAR, EXTRA_MODULES_ENV_VAR, DEFAULT_REQUEST_TIMEOUT_MS } from './client';
export type { BridgeClientOptions, BridgeVirtualenv, RequestOptions } from './client';
export { createBridgedEnvironment, BridgedEnvironment } from './bridged-environment';
export type { BridgeRequirements, BridgedEnvironmentOptions } from './bridged-environment';
export { BridgeCrashedError, BridgeProtocolError, BridgeRemoteError, BridgeStartError, BridgeTimeoutError } from './errors';
export { BRIDGED_ENVIRONMENTS, LLMGYM_COMMIT, TAU2_VIRTUALENV } from './definitions';
export { HARBOR_ENVIRONMENTS, HARBOR_NAMED_DATASETS, HARBOR_VIRTUALENV, createHarborEnvironment } from './harbor-definitions';
