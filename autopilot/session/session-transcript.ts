import type { SessionEvent } from './types';

/**
 * The session's events as the harness saw them. Every poll returns the whole history, so an
 * event is kept once (by id; an event without one by its content), in the order first seen.
 */
export class SessionTranscript {
  private readonly byKey = new Map<string, SessionEvent>();

  add(events: readonly SessionEvent[]): void {
    for (const event of events) {
      const key = event.id ?? JSON.stringify(event);
      if (!this.byKey.has(key)) this.byKey.set(key, event);
    }
  }

  events(): SessionEvent[] {
    return [...this.byKey.values()];
  }
}
