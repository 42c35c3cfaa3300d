// The bench's two page sets, loaded and scored alike: AEB (news, truth text) and trafilatura-dev (varied, segments).
//
// Each set says where its pages are, how they are converted (AEB without the title heading, since its
// truth is the body; trafilatura-dev as the CLI writes it by default) and how an output is scored.
// The table, the gate and the per-page details read a set's common figures (F1, P, R, empty pages)
// and, where they need them, its own (AEB's leaks, trafilatura-dev's segments).

import {
  DatasetError,
  DEFAULT_DATA_DIR,
  halfOf,
  loadPages,
  selectHalf,
  type BenchPage,
  type PageHalf,
} from './aeb-data.js';
import { BODY_ONLY, type ConvertOptions } from './convert-page.js';
import type { PageJob } from './run-pages.js';
import { scoreRun, type PageOutput, type ScoredRun } from './score-run.js';
import { scoreSegmentRun, type SegmentRun } from './score-segment-run.js';
import { DEFAULT_TRAFILATURA_DIR, loadTrafilaturaPages } from './trafilatura-data.js';

export type SetName = 'aeb' | 'trafilatura';

export const SET_NAMES: readonly SetName[] = ['aeb', 'trafilatura'];

export const SET_LABELS: Readonly<Record<SetName, string>> = { aeb: 'AEB', trafilatura: 'trafilatura-dev' };

/** `--set aeb|trafilatura|all` (default all). */
export function parseSets(value: string | undefined): SetName[] {
  if (value === undefined || value === 'all') return [...SET_NAMES];
  if (value === 'aeb' || value === 'trafilatura') return [value];
  throw new DatasetError(`--set must be "aeb", "trafilatura" or "all", not "${value}"`);
}

export interface EmptyPage {
  id: string;
  error: string | undefined;
}

/** The set-specific scoring behind a SetScore, for the rows and per-page output only one set has. */
export type SetDetail = { set: 'aeb'; run: ScoredRun } | { set: 'trafilatura'; run: SegmentRun };

export interface SetScore {
  f1: number;
  precision: number;
  recall: number;
  pages: number;
  /** Pages with no visible output (or whose conversion threw). */
  empty: EmptyPage[];
  detail: SetDetail;
}

export interface BenchSet {
  name: SetName;
  label: string;
  dataDir: string;
  pages: readonly BenchPage[];
  convert: ConvertOptions;
  /** Scores outputs given in page order; with `half`, only that half's pages (the others' outputs are ignored). */
  score(outputs: readonly PageOutput[], half?: PageHalf): SetScore;
}

export interface LoadSetOptions {
  /** The set's folder (default: beside the work tree in shared/datasets). */
  dataDir?: string | undefined;
  half?: PageHalf | undefined;
  limit?: number;
}

export function loadSet(name: SetName, { dataDir, half, limit = Infinity }: LoadSetOptions = {}): BenchSet {
  if (name === 'aeb') {
    const dir = dataDir ?? DEFAULT_DATA_DIR;
    const pages = selectHalf(loadPages(dir), half).slice(0, limit);
    return makeSet(name, dir, pages, BODY_ONLY, (chosen, outputs): SetScore => {
      const run = scoreRun(chosen, outputs);
      return { ...run.summary, pages: chosen.length, empty: emptyPages(run.pages), detail: { set: name, run } };
    });
  }
  const dir = dataDir ?? DEFAULT_TRAFILATURA_DIR;
  const pages = selectHalf(loadTrafilaturaPages(dir), half).slice(0, limit);
  return makeSet(name, dir, pages, { title: true }, (chosen, outputs): SetScore => {
    const run = scoreSegmentRun(chosen, outputs);
    const { f1, precision, recall } = run.summary;
    return { f1, precision, recall, pages: chosen.length, empty: emptyPages(run.pages), detail: { set: name, run } };
  });
}

/** Every set's pages as one list of jobs, set after set, each with its set's way of converting. */
export function pageJobs(sets: readonly BenchSet[]): PageJob[] {
  return sets.flatMap((set) => set.pages.map((page) => ({ page, convert: set.convert })));
}

/** Replies to `pageJobs(sets)`, in its order, cut back into one list per set. */
export function splitBySet<Reply>(replies: readonly Reply[], sets: readonly BenchSet[]): Reply[][] {
  let offset = 0;
  return sets.map((set) => {
    const slice = replies.slice(offset, offset + set.pages.length);
    offset += set.pages.length;
    return slice;
  });
}

function makeSet<Page extends BenchPage>(
  name: SetName,
  dataDir: string,
  pages: readonly Page[],
  convert: ConvertOptions,
  scorePages: (pages: readonly Page[], outputs: readonly PageOutput[]) => SetScore,
): BenchSet {
  return {
    name,
    label: SET_LABELS[name],
    dataDir,
    pages,
    convert,
    score(outputs, half) {
      if (half === undefined) return scorePages(pages, outputs);
      const chosen = pages.flatMap((page, index) => (halfOf(page.id) === half ? [index] : []));
      return scorePages(
        chosen.map((index) => pages[index] as Page),
        chosen.map((index) => outputs[index] ?? { markdown: '', error: 'no output' }),
      );
    },
  };
}

function emptyPages(pages: readonly { id: string; empty: boolean; error: string | undefined }[]): EmptyPage[] {
  return pages.filter((page) => page.empty).map(({ id, error }) => ({ id, error }));
}
