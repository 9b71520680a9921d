import { Context } from '@temporalio/activity';

/**
 * Heartbeats with the latest progress details every `intervalMs` while `task` runs, so the
 * server keeps seeing a live worker during steps that wait on subprocesses or HTTP, and the
 * CLI can show progress from the pending activity's heartbeat details.
 */
export async function withHeartbeat<T>(task: (report: (details: unknown) => void) => Promise<T>, intervalMs = 2000): Promise<T> {
  const context = safeContext();
  let latest: unknown = undefined;
  const report = (details: unknown) => {
    latest = details;
    context?.heartbeat(details);
  };
  const timer = setInterval(() => context?.heartbeat(latest), intervalMs);
  try {
    return await task(report);
  } finally {
    clearInterval(timer);
  }
}

/** The activity's cancellation signal, when running inside an activity. */
export function activitySignal(): AbortSignal | undefined {
  return safeContext()?.cancellationSignal;
}

function safeContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined; // called outside an activity (unit tests)
  }
}
