/**
 * The BabyAI observation text: the one place (on the TypeScript side) that formats and parses it.
 *
 * The Python env (environments/bridge/python/envs/_babyai/observation_text.py) writes this text;
 * the two modules are twins and are both checked against the shared fixture
 * `test/fixtures/babyai/observations.json` (real texts printed by the env), so a change on one side that
 * the other does not follow fails a test.
 */

export const BABYAI_ACTIONS = ['turn left', 'turn right', 'go forward', 'pick up', 'drop', 'toggle'] as const;
export type BabyAiAction = (typeof BABYAI_ACTIONS)[number];

export const BABYAI_COLORS = ['red', 'green', 'blue', 'purple', 'yellow', 'grey'] as const;
export const BABYAI_OBJECT_TYPES = ['key', 'ball', 'box', 'door'] as const;

export const NOT_UNDERSTOOD_LINE = `Your last answer was not understood, so nothing happened. Answer with exactly one of: ${BABYAI_ACTIONS.join(', ')}.`;
const SEE_HEADER = 'You see:';
const SEE_NOTHING_LINE = 'You see nothing around you.';

export interface Thing {
  color: string;
  type: string;
}

/** An object seen `forward` cells ahead and `right` cells to the right (negative = left). */
export interface Sighting extends Thing {
  forward: number;
  right: number;
}

/** Distance to the nearest visible wall straight ahead, to the left and to the right (null = not seen). */
export interface Walls {
  forward: number | null;
  left: number | null;
  right: number | null;
}

export interface ParsedObservation {
  notUnderstood: boolean;
  objects: Sighting[];
  walls: Walls;
  carrying: Thing | null;
}

/** The text holds no BabyAI observation (no "You carry ..." line). */
export class ObservationParseError extends Error {
  override name = 'ObservationParseError';
}

const COLOR = `(${BABYAI_COLORS.join('|')})`;
const TYPE = `(${BABYAI_OBJECT_TYPES.join('|')})`;
const OBJECT_RE = new RegExp(
  `^-?\\s*a ${COLOR} ${TYPE} (?:(\\d+) steps? forward(?: and (\\d+) steps? (left|right))?|(\\d+) steps? (left|right))$`,
);
const WALL_RE = /^-?\s*a wall (\d+) steps? (forward|left|right)$/;
const CARRY_RE = new RegExp(`^You carry (?:nothing|a ${COLOR} ${TYPE})\\.$`);
const MISSION_RE = new RegExp(`\\bpick up (?:the|a) ${COLOR} ${TYPE}\\b`, 'i');

/**
 * Reads our observation out of any text that contains it (e.g. a rendered user template): lines
 * are matched one by one, so words around it do not matter. Throws ObservationParseError when
 * there is no "You carry ..." line, which every observation has.
 */
export function parseObservation(text: string): ParsedObservation {
  const obs: ParsedObservation = { notUnderstood: false, objects: [], walls: { forward: null, left: null, right: null }, carrying: null };
  let foundCarry = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === NOT_UNDERSTOOD_LINE) {
      obs.notUnderstood = true;
      continue;
    }
    let m = OBJECT_RE.exec(line);
    if (m) {
      const [, color, type, fwd, sideN, side, latN, lat] = m;
      const sign = (s: string | undefined) => (s === 'right' ? 1 : -1);
      if (fwd !== undefined) obs.objects.push({ color, type, forward: Number(fwd), right: sideN === undefined ? 0 : Number(sideN) * sign(side) });
      else obs.objects.push({ color, type, forward: 0, right: Number(latN) * sign(lat) });
      continue;
    }
    m = WALL_RE.exec(line);
    if (m) {
      obs.walls[m[2] as keyof Walls] = Number(m[1]);
      continue;
    }
    m = CARRY_RE.exec(line);
    if (m) {
      foundCarry = true;
      obs.carrying = m[1] === undefined ? null : { color: m[1], type: m[2] };
    }
  }
  if (!foundCarry) throw new ObservationParseError('no BabyAI observation in the text (missing the "You carry ..." line)');
  return obs;
}

/** Like parseObservation, but null instead of throwing. */
export function tryParseObservation(text: string): ParsedObservation | null {
  try {
    return parseObservation(text);
  } catch (err) {
    if (err instanceof ObservationParseError) return null;
    throw err;
  }
}

/** The object a pickup mission names ("pick up the red ball"), or null when the text has none. */
export function parseMission(text: string): Thing | null {
  const m = MISSION_RE.exec(text);
  return m ? { color: m[1].toLowerCase(), type: m[2].toLowerCase() } : null;
}

const steps = (n: number) => (n === 1 ? '1 step' : `${n} steps`);

export function sightingPhrase(s: Sighting): string {
  const where: string[] = [];
  if (s.forward) where.push(`${steps(s.forward)} forward`);
  if (s.right) where.push(`${steps(Math.abs(s.right))} ${s.right > 0 ? 'right' : 'left'}`);
  return `a ${s.color} ${s.type} ${where.join(' and ')}`;
}

/** Nearest first (walking distance), then ahead before beside, then left to right — as the Python side sorts. */
export function sortSightings(objects: readonly Sighting[]): Sighting[] {
  const key = (o: Sighting): (number | string)[] => [o.forward + Math.abs(o.right), -o.forward, o.right, o.color, o.type];
  return [...objects].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
    return 0;
  });
}

export function formatObservation(obs: ParsedObservation): string {
  const lines: string[] = [];
  if (obs.notUnderstood) lines.push(NOT_UNDERSTOOD_LINE);
  const facts = sortSightings(obs.objects).map(sightingPhrase);
  for (const direction of ['forward', 'left', 'right'] as const) {
    const distance = obs.walls[direction];
    if (distance !== null) facts.push(`a wall ${steps(distance)} ${direction}`);
  }
  if (facts.length > 0) lines.push(SEE_HEADER, ...facts.map((fact) => `- ${fact}`));
  else lines.push(SEE_NOTHING_LINE);
  lines.push(obs.carrying ? `You carry a ${obs.carrying.color} ${obs.carrying.type}.` : 'You carry nothing.');
  return lines.join('\n');
}
