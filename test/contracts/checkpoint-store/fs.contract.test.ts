/** The checkpoint store contract on the file-system backend (a local directory as the root). */
import { promises as fs, rmSync } from 'node:fs';
import * as path from 'node:path';
import { FsCheckpointStore } from '../../../checkpoints/fs-checkpoint-store';
import { MANIFEST_FILE } from '../../../checkpoints/layout';
import { tempDir } from '../../fixtures/checkpoint-work-dir';
import { defineCheckpointStoreContract } from './suite';

process.env.LOG_LEVEL ??= 'silent';
const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

defineCheckpointStoreContract('file system', {
  async open() {
    const root = tempDir('fs-store-contract-');
    roots.push(root);
    return new FsCheckpointStore(path.join(root, 'ner', 'run'));
  },
  async putManifest(store, name, text) {
    const file = path.join(store.root, name, MANIFEST_FILE);
    if (text === null) await fs.rm(file);
    else await fs.writeFile(file, text);
  },
  usesScratch: false,
});
