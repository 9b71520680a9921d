import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface TempConfigDir {
  dir: string;
  /** absolute path of a file inside the directory */
  file(relative: string): string;
  write(relative: string, contents: string | object): void;
  remove(): void;
}

/** A temporary directory holding config files (objects are written as JSON). */
export function createTempConfigDir(files: Record<string, string | object> = {}): TempConfigDir {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gateway-config-'));
  const write = (relative: string, contents: string | object) => {
    const target = path.join(dir, relative);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, typeof contents === 'string' ? contents : JSON.stringify(contents, null, 2));
  };
  for (const [relative, contents] of Object.entries(files)) write(relative, contents);
  return {
    dir,
    file: (relative) => path.join(dir, relative),
    write,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
