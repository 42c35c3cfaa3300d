// Child process that runs one pipeline (declutter or naive) on pages the bench sends, timing each call.
//
// One process per pipeline keeps their heaps, JIT state and peak RSS apart; the parent interleaves
// the pages between the two. CPU time is this process's own (process.cpuUsage), not wall.

import { performance } from 'node:perf_hooks';
import { readPageBytes } from './aeb-data.js';
import {
  loadConverter,
  type Converted,
  type Converter,
  type ConvertOptions,
  type PipelineName,
} from './convert-page.js';
import type { StageTimings } from '../src/types.js';
import type { BenchPage } from './aeb-data.js';

export type { PipelineName } from './convert-page.js';

export interface RunRequest {
  type: 'run';
  page: BenchPage;
  convert: ConvertOptions;
}

export interface FinishRequest {
  type: 'finish';
}

export interface RunReply {
  type: 'result';
  id: string;
  markdown: string;
  cpuMs: number;
  wallMs: number;
  timings: StageTimings;
  error: string | undefined;
  /** declutter only: how the page's site config turned out (see Converted). */
  siteOutcome?: string | undefined;
}

export interface FinishReply {
  type: 'stats';
  maxRssKb: number;
}

function runOne(convert: Converter, { page, convert: options }: RunRequest): RunReply {
  const bytes = readPageBytes(page);
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  let converted: Converted = { markdown: '', timings: {} };
  let error: string | undefined;
  try {
    converted = convert(bytes, page.url, options);
  } catch (caught) {
    error = caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught);
  }
  const wallMs = performance.now() - wallStart;
  const cpu = process.cpuUsage(cpuStart);
  return { type: 'result', id: page.id, ...converted, cpuMs: (cpu.user + cpu.system) / 1000, wallMs, error };
}

function isPipeline(value: string | undefined): value is PipelineName {
  return value === 'declutter' || value === 'declutter-no-sites' || value === 'naive';
}

const pipeline = process.argv[2];
if (process.send && isPipeline(pipeline)) {
  const parentSend = process.send.bind(process);
  // A parent that is gone (its shell was closed, it was interrupted) ends the worker quietly: no reply can reach it,
  // and an EPIPE stack trace per worker would hide the parent's own message.
  process.on('disconnect', () => process.exit(0));
  const send = (reply: Parameters<typeof parentSend>[0], done?: () => void): void => {
    if (!process.connected) return;
    parentSend(reply, (error: Error | null) => {
      if (error === null) done?.();
    });
  };
  // Listening at once, loading meanwhile: the parent waits for each reply before sending the next page.
  const converter = loadConverter(pipeline);
  process.on('message', (message: RunRequest | FinishRequest) => {
    if (message.type === 'run') {
      void converter.then((convert) => send(runOne(convert, message)));
    } else {
      const reply: FinishReply = { type: 'stats', maxRssKb: process.resourceUsage().maxRSS };
      send(reply, () => process.disconnect());
    }
  });
}
