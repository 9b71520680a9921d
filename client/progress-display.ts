import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import { redirectConsoleLog } from '../common/logger';
import { EpisodeRate, metricLine, progressLine, type RunObservation } from './progress-lines';
import type { NoticeOutput } from './follow-run';

/** Non-TTY: during a rollout, a new line for a run at most this often. */
export const PLAIN_LINE_EVERY_MS = 5000;

/**
 * The live view of the runs `run` follows, on stderr. On a terminal a progress bar per run
 * (cli-progress), with log lines and notes printed above the bars; otherwise plain lines: one
 * whenever a run's phase or step changes, and during a rollout at most every 5 s.
 */
export interface ProgressDisplay {
  /** the latest poll of the run `id` */
  update(id: string, observation: RunObservation): void;
  /** a line that is always shown (an autopilot action, a run's start), tagged with its run when `id` is given */
  note(text: string, id?: string): void;
  /** where operator notices go while the display runs */
  notices: NoticeOutput;
  stop(): void;
}

export interface DisplayStream {
  write(text: string): boolean | void;
  isTTY?: boolean;
}

export function createProgressDisplay(stream: DisplayStream, labels: Map<string, string>): ProgressDisplay {
  return stream.isTTY ? new BarDisplay(stream as NodeJS.WriteStream, labels) : new PlainDisplay(stream, labels);
}

class PlainDisplay implements ProgressDisplay {
  private readonly last = new Map<string, { key: string; at: number; line: string }>();
  private readonly rates = new Map<string, EpisodeRate>();
  readonly notices: NoticeOutput;

  constructor(
    private readonly stream: DisplayStream,
    private readonly labels: Map<string, string>,
  ) {
    this.notices = { write: (text) => void this.stream.write(text), isTTY: false };
  }

  update(id: string, o: RunObservation): void {
    const rate = rateFor(this.rates, id).observe(o.step, o.at);
    const line = progressLine(o, rate);
    // a new phase, iteration, step or metric prints at once; episode counts only every few seconds
    const key = [o.progress?.phase, o.progress?.iteration, o.step?.step, metricLine(o.progress)].join('|');
    const previous = this.last.get(id);
    if (previous?.line === line) return;
    if (previous && previous.key === key && o.at - previous.at < PLAIN_LINE_EVERY_MS) return;
    this.last.set(id, { key, at: o.at, line });
    this.stream.write(`${prefix(this.labels, id)}${line}\n`);
  }

  note(text: string, id?: string): void {
    this.stream.write(`${id ? prefix(this.labels, id) : ''}${text}\n`);
  }

  stop(): void {}
}

class BarDisplay implements ProgressDisplay {
  private readonly multibar: MultiBar;
  private readonly bars = new Map<string, SingleBar>();
  private readonly rates = new Map<string, EpisodeRate>();
  readonly notices: NoticeOutput;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly labels: Map<string, string>,
  ) {
    this.multibar = new MultiBar(
      { stream, format: '{label} {bar} {value}/{total} {what}', hideCursor: true, clearOnComplete: false, autopadding: true, barsize: 24 },
      Presets.shades_classic,
    );
    // log lines and notes go above the bars instead of through them
    redirectConsoleLog((text) => this.print(text));
    this.notices = { write: (text) => this.print(text), isTTY: false };
  }

  /** Before the first bar there is nothing to draw over; after it, cli-progress prints the line above the bars at its next redraw. */
  private print(text: string): void {
    const line = text.endsWith('\n') ? text : `${text}\n`;
    if (this.bars.size === 0) this.stream.write(line);
    else this.multibar.log(line);
  }

  update(id: string, o: RunObservation): void {
    const rate = rateFor(this.rates, id).observe(o.step, o.at);
    const what = progressLine(o, rate);
    const total = o.step?.total ?? 1;
    const value = o.step?.total ? (o.step.done ?? 0) : 0;
    const payload = { label: this.labels.get(id) ?? id, what };
    const bar = this.bars.get(id);
    if (!bar) this.bars.set(id, this.multibar.create(total, value, payload));
    else {
      bar.setTotal(total);
      bar.update(value, payload);
    }
  }

  note(text: string, id?: string): void {
    this.print(`${id ? `${this.labels.get(id) ?? id}: ` : ''}${text}`);
  }

  stop(): void {
    // cli-progress's stop() drops lines still waiting for a redraw: redraw once first
    if (this.bars.size > 0) this.multibar.update();
    this.multibar.stop();
    redirectConsoleLog(null);
  }
}

function rateFor(rates: Map<string, EpisodeRate>, id: string): EpisodeRate {
  let rate = rates.get(id);
  if (!rate) rates.set(id, (rate = new EpisodeRate()));
  return rate;
}

function prefix(labels: Map<string, string>, id: string): string {
  return labels.size > 1 ? `[${labels.get(id) ?? id}] ` : '';
}
