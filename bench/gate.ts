// The CI quality gate: declutter alone on every page of each set; fails below a set's F1 floor or on an empty page.
//
// The floors live in bench/gate-floor.json, one per set, and only rise: `--raise-floor` writes a set's
// higher measured F1 (rounded down to 3 decimals); writing a lower one needs `--allow-lower-floor`, on
// purpose. A set may list pages known to come out empty today (`knownEmpty`): any other empty page
// fails the gate, a listed page that has output again leaves the list with `--raise-floor`, and adding
// one needs `--allow-lower-floor`, like lowering F1.

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { pageJobs, SET_LABELS, splitBySet, type BenchSet, type SetName, type SetScore } from './bench-sets.js';
import { convertPages } from './run-pages.js';
import { floorTo } from './stats.js';

export const FLOOR_FILE = fileURLToPath(new URL('./gate-floor.json', import.meta.url));

export interface SetFloor {
  f1: number;
  /** Ids of pages that come out empty today and may stay so (the target is none). */
  knownEmpty?: string[];
  /** When and how the floor was set: a note for the reader of the file. */
  note?: string;
}

export type GateFloors = Partial<Record<SetName, SetFloor>>;

export interface GateOptions {
  sets: readonly BenchSet[];
  raiseFloor: boolean;
  allowLowerFloor: boolean;
  floorFile?: string;
  /** Child processes converting pages at once (the gate runs after the tests, with the cores free). */
  workers: number;
  onProgress?: (done: number, total: number) => void;
}

export interface SetGateOutcome {
  set: SetName;
  passed: boolean;
  /** The one line to print. */
  message: string;
  score: SetScore;
  floor: SetFloor;
  /** The floor written to the file, when one was. */
  newFloor: SetFloor | undefined;
}

export interface GateOutcome {
  passed: boolean;
  sets: SetGateOutcome[];
}

export function readFloors(path: string = FLOOR_FILE): GateFloors {
  const raw: unknown = JSON.parse(readFileSync(path, 'utf-8'));
  if (typeof raw !== 'object' || raw === null) throw new Error(`${path}: expected {"<set>": {"f1": number}, …}`);
  const floors: GateFloors = {};
  for (const [name, value] of Object.entries(raw)) {
    if (name !== 'aeb' && name !== 'trafilatura') throw new Error(`${path}: unknown set "${name}"`);
    if (!isSetFloor(value)) throw new Error(`${path}: ${name} needs {"f1": number, "knownEmpty"?: [ids]}`);
    floors[name] = value;
  }
  return floors;
}

function isSetFloor(value: unknown): value is SetFloor {
  if (typeof value !== 'object' || value === null) return false;
  const { f1, knownEmpty } = value as { f1?: unknown; knownEmpty?: unknown };
  const ids =
    knownEmpty === undefined || (Array.isArray(knownEmpty) && knownEmpty.every((id) => typeof id === 'string'));
  return typeof f1 === 'number' && ids;
}

/** Converts every set's pages with declutter (as the CLI would), then judges each set against its floor. */
export async function runGate(options: GateOptions): Promise<GateOutcome> {
  const floorFile = options.floorFile ?? FLOOR_FILE;
  const floors = readFloors(floorFile);
  const replies = await convertPages({
    pages: pageJobs(options.sets),
    pipeline: 'declutter',
    workers: options.workers,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const repliesBySet = splitBySet(replies, options.sets);
  const outcomes = options.sets.map((set, index) => {
    const outputs = repliesBySet[index] ?? [];
    const floor = floors[set.name];
    if (floor === undefined) throw new Error(`${floorFile}: no floor for the ${set.label} set`);
    const { raiseFloor, allowLowerFloor } = options;
    return judge({ set: set.name, score: set.score(outputs), floor, raiseFloor, allowLowerFloor });
  });
  await writeFloors(floorFile, floors, outcomes);
  return { passed: outcomes.every((outcome) => outcome.passed), sets: outcomes };
}

/**
 * Writes the floors the outcomes raised or lowered into the file, the other sets' floors as they were,
 * laid out as Prettier lays it out (so `npm run format:check` stays clean after a raise).
 */
export async function writeFloors(
  path: string,
  floors: GateFloors,
  outcomes: readonly SetGateOutcome[],
): Promise<void> {
  const written = outcomes.filter((outcome) => outcome.newFloor !== undefined);
  if (written.length === 0) return;
  const updated: GateFloors = { ...floors };
  for (const { set, newFloor } of written) if (newFloor !== undefined) updated[set] = newFloor;
  const prettier = await import('prettier');
  const options = { ...(await prettier.resolveConfig(path)), filepath: path };
  writeFileSync(path, await prettier.format(JSON.stringify(updated, null, 2), options));
}

interface JudgeInput {
  set: SetName;
  score: SetScore;
  floor: SetFloor;
  raiseFloor: boolean;
  allowLowerFloor: boolean;
}

/**
 * Decides pass/fail for one set and works out the floor to write when asked (the caller writes it);
 * separate from the run so it can be tested.
 */
export function judge({ set, score, floor, raiseFloor, allowLowerFloor }: JudgeInput): SetGateOutcome {
  const label = SET_LABELS[set];
  const measured = floorTo(score.f1, 3);
  const known = new Set(floor.knownEmpty ?? []);
  const emptyIds = score.empty.map((page) => page.id);
  const unexpected = score.empty.filter((page) => !known.has(page.id));
  const recovered = [...known].filter((id) => !emptyIds.includes(id));
  const raises = measured > floor.f1 || recovered.length > 0;
  const lowers = measured < floor.f1 || unexpected.length > 0;
  let newFloor: SetFloor | undefined;
  // Raising never hides a loss: it writes only when nothing got worse. Whatever is written is what was
  // measured (when only raising, the measured F1 is at least the floor and every empty page was known).
  if ((raiseFloor && raises && !lowers) || (allowLowerFloor && (raises || lowers))) {
    const flag = lowers ? '--allow-lower-floor' : '--raise-floor';
    newFloor = {
      f1: measured,
      ...(emptyIds.length > 0 ? { knownEmpty: emptyIds } : {}),
      note: `set ${new Date().toISOString().slice(0, 16)}Z by npm run bench:gate -- ${flag} (measured F1 ${score.f1.toFixed(4)})`,
    };
  }
  const effective = newFloor ?? floor;
  const figures = `F1 ${score.f1.toFixed(4)} (P ${score.precision.toFixed(3)}, R ${score.recall.toFixed(3)}) on ${score.pages} pages`;
  const fail = (why: string): SetGateOutcome => ({
    set,
    passed: false,
    message: `bench gate FAILED [${label}]: ${why}`,
    score,
    floor,
    newFloor,
  });
  const stillUnexpected = score.empty.filter((page) => !(effective.knownEmpty ?? []).includes(page.id));
  if (stillUnexpected.length > 0) {
    const first = stillUnexpected[0];
    const why = first?.error ? ` (${first.error.slice(0, 100)})` : '';
    return fail(
      `${stillUnexpected.length} page(s) with empty output not listed in knownEmpty, first ${first?.id ?? '?'}${why}; ${figures}`,
    );
  }
  if (score.f1 < effective.f1)
    return fail(`${figures} is below the ${label} floor ${effective.f1.toFixed(3)} in bench/gate-floor.json`);
  const floorNote =
    newFloor === undefined
      ? `floor ${floor.f1.toFixed(3)}`
      : `floor ${floor.f1.toFixed(3)} → ${newFloor.f1.toFixed(3)} (written)`;
  const knownNote =
    score.empty.length === 0
      ? 'no page lost'
      : `${score.empty.length} known empty page(s) still empty (${emptyIds.join(', ')}), no other page lost`;
  return {
    set,
    passed: true,
    message: `bench gate ok [${label}]: ${figures}, ${floorNote}, ${knownNote}`,
    score,
    floor,
    newFloor,
  };
}
