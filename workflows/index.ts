// The workflow entry the worker bundles: every workflow type is exported from here.
export { benchmarkRun } from './benchmark-run';
