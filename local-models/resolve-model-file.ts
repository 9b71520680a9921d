import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { isLocalModelName, LOCAL_MODEL_NAMES, LOCAL_MODELS } from './catalog';
import { LocalModelFileMissingError, LocalModelNotInstalledError, UnknownLocalModelError } from './errors';
import { modelCacheDir } from './model-cache';

export interface ResolvedModelFile {
  /** the name after `local::` */
  model: string;
  file: string;
  /** the catalog context size, or undefined for a bare .gguf path (the server picks one) */
  contextSize?: number;
}

/** `local::<model>`: a catalog name (must be pulled) or a path to a .gguf file. */
export function resolveLocalModelFile(model: string, cacheDir: string = modelCacheDir()): ResolvedModelFile {
  if (isLocalModelName(model)) {
    const file = path.join(cacheDir, LOCAL_MODELS[model].fileName);
    if (!existsSync(file)) throw new LocalModelNotInstalledError(model, file);
    return { model, file, contextSize: LOCAL_MODELS[model].contextSize };
  }
  if (model.endsWith('.gguf')) {
    const file = path.resolve(model);
    if (!existsSync(file)) throw new LocalModelFileMissingError(model, file);
    return { model, file };
  }
  throw new UnknownLocalModelError(model, LOCAL_MODEL_NAMES);
}
