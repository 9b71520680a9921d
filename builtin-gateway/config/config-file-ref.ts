/**
 * A file-valued config field (template, schema, tool parameters) after loading: where the
 * file is, how it is named relative to the config directory, and what it contains.
 */
export class ConfigFileRef {
  constructor(
    /** absolute path on disk, or the synthetic path of an inline file */
    readonly absolutePath: string,
    /** path relative to the config directory (posix separators), as `/internal/config` reports it */
    readonly relativePath: string,
    readonly contents: string,
  ) {}
}

/** A directory-valued field (`gateway.template_filesystem_access.base_path`), resolved against its TOML file. */
export class ConfigDirRef {
  constructor(
    readonly absolutePath: string,
    /** the value as written in the TOML file */
    readonly written: string,
  ) {}
}
