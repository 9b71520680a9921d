/**
 * `[models."sim::<tier>"]` definitions for TensorZero's gateway: the harness's configs name
 * models `sim::small|medium|large`, which the built-in gateway resolves itself; TensorZero needs
 * each as an `openai` provider whose `api_base` is the simulator, and likewise the simulator's
 * embeddings (`sim::embeddings`, for dynamic in-context learning variants). Written as a separate TOML file
 * in the config dir, so a `**\/*.toml` glob merges it and config edits leave it alone.
 */
import { writeFileAtomic } from '../common/atomic-write';
import { SIM_EMBEDDING_MODEL } from '../sim-provider/embeddings';
import { SIM_TIER_NAMES } from '../sim-provider/tiers';
import * as path from 'node:path';
import { stringify } from 'smol-toml';

export const SIM_MODELS_FILE = 'sim-models.toml';

export function simModelsToml(simUrl: string): string {
  const models: Record<string, unknown> = {};
  for (const tier of SIM_TIER_NAMES) {
    models[`sim::${tier}`] = {
      routing: ['sim'],
      providers: { sim: { type: 'openai', model_name: tier, api_base: simUrl, api_key_location: 'none' } },
    };
  }
  const embeddingModels = {
    [SIM_EMBEDDING_MODEL]: { routing: ['sim'], providers: { sim: { type: 'openai', model_name: SIM_EMBEDDING_MODEL.slice('sim::'.length), api_base: simUrl, api_key_location: 'none' } } },
  };
  return stringify({ models, embedding_models: embeddingModels });
}

export async function writeSimModelsToml(configDir: string, simUrl: string): Promise<string> {
  const file = path.join(configDir, SIM_MODELS_FILE);
  await writeFileAtomic(file, simModelsToml(simUrl));
  return file;
}
