import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { GatewayConfigError } from './config-error';

export interface ExpandedConfigGlob {
  /** matching TOML files, sorted */
  files: string[];
  /** the non-wildcard prefix of the pattern (for a plain path, its directory) */
  baseDir: string;
}

const WILDCARD = /[*?[{]/;

/** Expands `--config-file` (a path or a glob such as `config/**\/*.toml`) into files. */
export async function expandConfigGlob(pattern: string): Promise<ExpandedConfigGlob> {
  const absolute = path.resolve(pattern);
  if (!WILDCARD.test(absolute)) {
    const stat = await fs.stat(absolute).catch(() => undefined);
    if (!stat?.isFile()) throw new GatewayConfigError({ problem: `config file not found: ${absolute}` });
    return { files: [absolute], baseDir: path.dirname(absolute) };
  }
  const segments = absolute.split(path.sep);
  const firstWild = segments.findIndex((s) => WILDCARD.test(s));
  const baseDir = segments.slice(0, firstWild).join(path.sep) || path.sep;
  const matcher = globToRegExp(segments.slice(firstWild).join('/'));
  const files = (await walk(baseDir))
    .filter((file) => matcher.test(path.relative(baseDir, file).split(path.sep).join('/')))
    .sort();
  if (files.length === 0) throw new GatewayConfigError({ problem: `no config files match ${pattern}` });
  return { files, baseDir };
}

/** `**` spans directories, `*` and `?` stay within one, `{a,b}` alternates, `[..]` is a class. */
export function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      out += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '{') {
      const end = glob.indexOf('}', i);
      if (end < 0) {
        out += '\\{';
        continue;
      }
      out += `(?:${glob.slice(i + 1, end).split(',').map(escapeRegExp).join('|')})`;
      i = end;
    } else if (c === '[') {
      const end = glob.indexOf(']', i);
      if (end < 0) {
        out += '\\[';
        continue;
      }
      out += glob.slice(i, end + 1).replace(/^\[!/, '[^');
      i = end;
    } else out += escapeRegExp(c);
  }
  return new RegExp(`^${out}$`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

async function walk(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}
