import { createGroupCommit } from './group-commit';

describe('createGroupCommit', () => {
  it('commits the writes of one event-loop turn together and resolves them only after the commit', async () => {
    const committed: number[][] = [];
    const group = createGroupCommit<number>((items) => committed.push([...items]));
    const seenAtResolve: number[] = [];
    const writes = [1, 2, 3].map((n) => group.write(n).then(() => seenAtResolve.push(committed.flat().includes(n) ? n : -n)));
    expect(committed).toEqual([]);
    expect(group.pending).toBe(3);
    await Promise.all(writes);
    expect(committed).toEqual([[1, 2, 3]]);
    expect(seenAtResolve.sort()).toEqual([1, 2, 3]);
    await group.write(4);
    expect(committed).toEqual([[1, 2, 3], [4]]);
  });

  it('rejects only the write that fails when a batch cannot commit', async () => {
    const committed: string[] = [];
    const group = createGroupCommit<string>((items) => {
      if (items.includes('bad')) throw new Error('constraint failed');
      committed.push(...items);
    });
    const results = await Promise.allSettled(['a', 'bad', 'b'].map((item) => group.write(item)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toEqual(new Error('constraint failed'));
    expect(committed).toEqual(['a', 'b']);
  });

  it('flush commits synchronously and the scheduled commit does not run again', async () => {
    const batches: number[][] = [];
    const group = createGroupCommit<number>((items) => batches.push([...items]));
    const write = group.write(1);
    group.flush();
    expect(batches).toEqual([[1]]);
    expect(group.pending).toBe(0);
    await write;
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([[1]]);
  });

  it('splits a large queue into batches of at most maxBatch, in order', async () => {
    const batches: number[][] = [];
    const group = createGroupCommit<number>((items) => batches.push([...items]), 2);
    await Promise.all([1, 2, 3, 4, 5].map((n) => group.write(n)));
    expect(batches).toEqual([[1, 2], [3, 4], [5]]);
  });
});
