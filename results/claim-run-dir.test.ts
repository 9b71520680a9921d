import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { claimRunDir } from './claim-run-dir';

describe('claimRunDir', () => {
  it('creates the dir, parents included, and returns its name', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'claim-')), 'ner', '20260320T153000Z_seed1');
    expect(await claimRunDir(dir)).toBe(dir);
    expect(statSync(dir).isDirectory()).toBe(true);
  });

  it('gives runs started in the same second distinct dirs, even when they race', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'claim-')), 'ner', '20260320T153000Z');
    const claimed = await Promise.all([claimRunDir(dir), claimRunDir(dir), claimRunDir(dir)]);
    expect([...claimed].sort()).toEqual([dir, `${dir}_2`, `${dir}_3`]);
  });

  it('reports a name it cannot create for another reason', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'claim-'));
    writeFileSync(path.join(root, 'ner'), 'a file where the env dir should be');
    await expect(claimRunDir(path.join(root, 'ner', 'x'))).rejects.toThrow(/EEXIST|ENOTDIR/);
    expect(existsSync(path.join(root, 'ner_2'))).toBe(false);
  });
});
