// The CI quality gate: declutter alone on every AEB page; fails below the pinned F1 floor or on a lost page.
//
// The floor lives in bench/gate-floor.json and only rises: `--raise-floor` writes a higher measured
// F1 (rounded down to 3 decimals); writing a lower one needs `--allow-lower-floor`, on purpose.

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readPageBytes, type AebPage } from './aeb-data.js';
import { convertWithDeclutter } from './convert-declutter.js';
import { scoreRun, type PageOutput, type ScoredRun } from './score-run.js';
import { floorTo } from './stats.js';

export const FLOOR_FILE = fileURLToPath(new URL('./gate-floor.json', import.meta.url));

export interface GateFloor {
  f1: number;
  /** When and how the floor was set: a note for the reader of the file. */
  note?: string;
}

export interface GateOptions {
  pages: readonly AebPage[];
  raiseFloor: boolean;
  allowLowerFloor: boolean;
  floorFile?: string;
  onProgress?: (done: number, total: number) => void;
}

export interface GateOutcome {
  passed: boolean;
  /** The one line to print. */
  message: string;
  scored: ScoredRun;
  floor: number;
  newFloor: number | undefined;
}

export function readFloor(path: string = FLOOR_FILE): GateFloor {
  const raw: unknown = JSON.parse(readFileSync(path, 'utf-8'));
  if (typeof raw !== 'object' || raw === null || typeof (raw as { f1?: unknown }).f1 !== 'number') {
    throw new Error(`${path}: expected {"f1": number}`);
  }
  return raw as GateFloor;
}

export function runGate(options: GateOptions): GateOutcome {
  const floorFile = options.floorFile ?? FLOOR_FILE;
  const floor = readFloor(floorFile).f1;
  const outputs: PageOutput[] = options.pages.map((page, index) => {
    const output = convertSafely(page);
    options.onProgress?.(index + 1, options.pages.length);
    return output;
  });
  const scored = scoreRun(options.pages, outputs);
  return judge({ scored, floor, floorFile, raiseFloor: options.raiseFloor, allowLowerFloor: options.allowLowerFloor });
}

function convertSafely(page: AebPage): PageOutput {
  try {
    return { markdown: convertWithDeclutter(readPageBytes(page), page.url).markdown, error: undefined };
  } catch (error) {
    // A page that throws is a lost page, like one that comes out empty.
    return { markdown: '', error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

interface JudgeInput {
  scored: ScoredRun;
  floor: number;
  floorFile: string;
  raiseFloor: boolean;
  allowLowerFloor: boolean;
}

/** Decides pass/fail and writes a new floor when asked; separate from the run so it can be tested. */
export function judge({ scored, floor, floorFile, raiseFloor, allowLowerFloor }: JudgeInput): GateOutcome {
  const f1 = scored.summary.f1;
  const measured = floorTo(f1, 3);
  const lost = scored.pages.filter((page) => page.empty);
  const figures = `F1 ${f1.toFixed(4)} (P ${scored.summary.precision.toFixed(3)}, R ${scored.summary.recall.toFixed(3)}) on ${scored.pages.length} pages`;
  let newFloor: number | undefined;
  if ((raiseFloor && measured > floor) || (allowLowerFloor && measured !== floor)) {
    newFloor = measured;
    const flag = measured > floor ? '--raise-floor' : '--allow-lower-floor';
    const note = `set ${new Date().toISOString().slice(0, 16)}Z by npm run bench:gate -- ${flag} (measured F1 ${f1.toFixed(4)})`;
    writeFileSync(floorFile, `${JSON.stringify({ f1: measured, note }, null, 2)}\n`);
  }
  const effectiveFloor = newFloor ?? floor;
  if (lost.length > 0) {
    const first = lost[0];
    const why = first?.error ? ` (${first.error.slice(0, 100)})` : '';
    return {
      passed: false,
      message: `bench gate FAILED: ${lost.length} page(s) with empty output, first ${first?.id ?? '?'}${why}; ${figures}`,
      scored,
      floor,
      newFloor,
    };
  }
  if (f1 < effectiveFloor) {
    return {
      passed: false,
      message: `bench gate FAILED: ${figures} is below the floor ${effectiveFloor.toFixed(3)} in bench/gate-floor.json`,
      scored,
      floor,
      newFloor,
    };
  }
  const floorNote =
    newFloor === undefined
      ? `floor ${floor.toFixed(3)}`
      : `floor ${floor.toFixed(3)} → ${newFloor.toFixed(3)} (written)`;
  return { passed: true, message: `bench gate ok: ${figures}, ${floorNote}, no page lost`, scored, floor, newFloor };
}
