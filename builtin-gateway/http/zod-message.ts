import type { ZodError } from 'zod';

/** A zod failure as one readable line: `input.messages[0].role: Invalid option…; unknown field "x"`. */
export function describeZodError(error: ZodError, root = ''): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      const path = formatPath([...(root ? [root] : []), ...(issue.path as (string | number)[])]);
      if (issue.code === 'unrecognized_keys') {
        return issue.keys.map((key) => `unknown field ${formatPath([...(path ? [path] : []), key])}`).join('; ');
      }
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

function formatPath(path: (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}
