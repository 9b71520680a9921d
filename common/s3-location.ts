/**
 * `s3://<bucket>[/<prefix>]` locations (`infra.checkpoint_dir`). Parsed here, at the boundary,
 * so the rest of the code holds a bucket name and a clean `/`-separated prefix.
 */

export interface S3Location {
  bucket: string;
  /** no leading or trailing `/`; '' for the bucket's top level */
  prefix: string;
}

const URL_SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;
// S3's bucket naming rules (3–63 characters, lowercase letters, digits, dots and hyphens).
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** True when `value` is written as a URL (`<scheme>://...`) rather than a file system path. */
export const isUrlLike = (value: string): boolean => URL_SCHEME.test(value);

export const isS3Url = (value: string): boolean => value.toLowerCase().startsWith('s3://');

/** What is wrong with `value` as a checkpoint location URL, or null when it is a valid `s3://` URL. */
export function s3UrlProblem(value: string): string | null {
  const scheme = URL_SCHEME.exec(value)?.[1];
  if (scheme === undefined) return 'expected an s3:// URL';
  if (scheme !== 's3') return `only s3://bucket/prefix URLs or file system paths are supported, not ${scheme}://`;
  const [bucket, ...segments] = value.slice('s3://'.length).replace(/\/+$/, '').split('/');
  if (!BUCKET_NAME.test(bucket) || bucket.includes('..')) return `"${bucket}" is not a valid S3 bucket name (3–63 lowercase letters, digits, dots and hyphens)`;
  const bad = segments.find((segment) => segment === '' || segment === '.' || segment === '..');
  if (bad !== undefined) return `the key prefix after the bucket has an empty, "." or ".." segment`;
  return null;
}

/** Parses a valid `s3://` URL; throws a `RangeError` naming the value otherwise. */
export function parseS3Url(value: string): S3Location {
  const problem = s3UrlProblem(value);
  if (problem) throw new RangeError(`${value}: ${problem}`);
  const [bucket, ...segments] = value.slice('s3://'.length).replace(/\/+$/, '').split('/');
  return { bucket, prefix: segments.join('/') };
}

export const formatS3Url = ({ bucket, prefix }: S3Location): string => (prefix ? `s3://${bucket}/${prefix}` : `s3://${bucket}`);

/** `prefix` + `/` + `parts`, without empty parts (an empty prefix gives no leading `/`). */
export const joinKey = (...parts: string[]): string => parts.filter((part) => part !== '').join('/');
