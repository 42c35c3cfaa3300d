// The messages between the main thread and a conversion worker: one page in, one rendered page out.

import type { DeclutterErrorCode } from '../errors.js';
import type { DeclutterOptions, OutputFormat, TraceEntry } from '../types.js';

/** Where a worker gets the page from: it reads files itself; fetched or streamed pages come as bytes. */
export type PageSource = { kind: 'file'; path: string } | { kind: 'bytes'; bytes: Uint8Array };

/** Library options that survive structured cloning (everything in DeclutterOptions is plain data). */
export type PageOptions = DeclutterOptions;

export interface PageTask {
  source: PageSource;
  /** How the page is named in messages (path, URL or record id). */
  label: string;
  options: PageOptions;
  render: { format: OutputFormat; frontMatter: boolean; explain: boolean };
  /** Cap on the decompressed size of a `.gz` file, in bytes. */
  maxDecompressedBytes: number;
}

/** Sent once to each new pool worker so module loading is not charged to the first page's --timeout. */
export interface WarmUpTask {
  warmUp: true;
}

export interface PageSuccess {
  ok: true;
  document: string;
  markdown: string;
  title: string | null;
  lang: string | null;
  /** The charset the page was decoded with. */
  encoding: string;
  warnings: string[];
  /** What the rules removed, for --explain. */
  trace: TraceEntry[];
  /** The page's HTML report, with the `report` option (--report). */
  report?: string;
  /** sha256 (hex) of the input bytes as read from disk (compressed bytes for `.gz`). */
  inputSha256: string;
  worker: WorkerStats;
}

export interface PageFailure {
  ok: false;
  code: DeclutterErrorCode;
  message: string;
  worker: WorkerStats;
}

export type PageResult = PageSuccess | PageFailure;

/** What a worker reports about itself after each page, so the pool can retire it before it bloats. */
export interface WorkerStats {
  threadId: number;
  pages: number;
  heapUsedMb: number;
  /** V8 heap reserved by the worker plus off-heap memory it holds (ArrayBuffers, jsdom's native parts). */
  footprintMb: number;
}
