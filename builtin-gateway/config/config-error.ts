/** One problem found in a config: where (file, key path) and what. */
export interface ConfigIssue {
  file?: string;
  keyPath?: string;
  problem: string;
}

export function formatIssue(issue: ConfigIssue): string {
  const where = [issue.file, issue.keyPath].filter(Boolean).join(': ');
  return where ? `${where}: ${issue.problem}` : issue.problem;
}

/** The gateway config cannot be loaded; `issues` lists every problem found. */
export class GatewayConfigError extends Error {
  override name = 'GatewayConfigError';
  readonly issues: ConfigIssue[];
  constructor(issues: ConfigIssue | ConfigIssue[]) {
    const list = Array.isArray(issues) ? issues : [issues];
    super(
      list.length === 1
        ? `invalid gateway config: ${formatIssue(list[0])}`
        : `invalid gateway config (${list.length} problems):\n${list.map((i) => `  - ${formatIssue(i)}`).join('\n')}`,
    );
    this.issues = list;
  }
  get file(): string | undefined {
    return this.issues[0]?.file;
  }
  get keyPath(): string | undefined {
    return this.issues[0]?.keyPath;
  }
}
