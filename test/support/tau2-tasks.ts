/**
 * τ²-bench's shipped tasks for tests that replay gold actions through the bridge: the product's
 * own reader of the installed package (environments/tau-bench/gold-tasks.ts).
 */
export { loadTau2Split, tau2DataDir, type Tau2Domain, type Tau2GoldAction, type Tau2Task } from '../../environments/tau-bench/gold-tasks';
