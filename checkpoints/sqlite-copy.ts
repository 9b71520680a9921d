import { promises as fs } from 'node:fs';
import { copyFileAtomic } from '../common/atomic-write';
import Database from 'better-sqlite3';

/**
 * Copies of a gateway's SQLite store. The store runs in WAL mode, so its committed state is
 * spread over `store.sqlite` and `store.sqlite-wal`: a plain file copy of a live store can be
 * torn or miss commits. Reading it goes through SQLite's online backup API instead.
 */

const ALL_PAGES = 0x7fffffff;

/**
 * A consistent copy of the (possibly live) database `source` in the new file `dest`: every
 * transaction committed before the call, none half-applied. The source is opened read-only.
 * The copy is made in a single backup step (one read transaction): with a WAL source, writers
 * in other processes are not blocked, and a step-wise backup would restart on every foreign
 * write and could never finish under a steady writer. The result is checked and switched to
 * rollback-journal mode so it is one self-contained file.
 */
export async function backupStore(source: string, dest: string): Promise<void> {
  const db = new Database(source, { readonly: true, fileMustExist: true, timeout: 10_000 });
  try {
    // better-sqlite3 sizes step 1 from this callback; a negative/huge count means "all pages".
    await db.backup(dest, { progress: () => ALL_PAGES });
  } finally {
    db.close();
  }
  const copy = new Database(dest, { fileMustExist: true });
  try {
    const check = copy.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`${dest}: backup of ${source} failed its integrity check: ${String(check)}`);
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
}

/** `-wal` and `-shm` files that belong to a store file. */
export const sidecarFiles = (store: string) => [`${store}-wal`, `${store}-shm`, `${store}-journal`];

/**
 * Installs the store file `source` as `dest` of a **stopped** gateway: stale WAL/shared-memory
 * files are removed first (SQLite would replay an old WAL over the new file), then the copy
 * goes to a temp file beside `dest` and is renamed over it.
 */
export async function installStore(source: string, dest: string): Promise<void> {
  for (const file of sidecarFiles(dest)) await fs.rm(file, { force: true });
  await copyFileAtomic(source, dest);
}

/** Deletes a stopped gateway's store with its WAL files, so the gateway starts on an empty one. */
export async function removeStore(store: string): Promise<void> {
  for (const file of [store, ...sidecarFiles(store)]) await fs.rm(file, { force: true });
}
