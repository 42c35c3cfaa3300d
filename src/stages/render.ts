// Stage 7: the converted article → the document the user asked for (markdown, text or json).

import { stringify as stringifyYaml } from 'yaml';
import { withoutControls } from '../markdown/controls.js';
import type { DeclutterResult, OutputFormat, TraceEntry } from '../types.js';

export interface RenderOptions {
  format: OutputFormat;
  /** Start markdown and text output with YAML front matter holding the metadata. */
  frontMatter: boolean;
  /** Include the removal trace in JSON output. */
  explain: boolean;
}

/** Formats a result for output; always ends with exactly one newline. */
export function renderResult(result: DeclutterResult, options: RenderOptions): string {
  switch (options.format) {
    case 'json':
      return `${JSON.stringify(
        {
          metadata: result.metadata,
          encoding: result.encoding,
          inputFormat: result.inputFormat,
          markdown: result.markdown,
          warnings: result.warnings,
          ...(options.explain ? { trace: result.trace } : {}),
        },
        null,
        2,
      )}\n`;
    case 'text':
    case 'markdown': {
      const front = options.frontMatter ? renderFrontMatter(result) : '';
      const body = options.format === 'text' ? result.text : result.markdown;
      return `${front}${body.trimEnd()}\n`;
    }
  }
}

/**
 * YAML front matter written by a YAML serializer, never by concatenation: a title with quotes,
 * colons, newlines or `---` in it comes back intact from any YAML parser and cannot end the block.
 */
export function renderFrontMatter(result: DeclutterResult): string {
  const { title, author, siteName, published, url, lang, excerpt } = result.metadata;
  const fields = { title, author, site: siteName, published, url, lang, excerpt };
  const present = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
  if (Object.keys(present).length === 0) return '---\n---\n\n';
  return `---\n${stringifyYaml(present, { lineWidth: 0 })}---\n\n`;
}

/**
 * The removal trace as text, one line per change: `[post] captions/fold fold-caption figcaption: The rebuilt…`
 * (what --explain prints on stderr, and writes beside each output in a batch). Page text loses its controls.
 */
export function formatTrace(trace: readonly TraceEntry[]): string {
  return trace
    .map((entry) => {
      const where = entry.selector ? ` ${entry.selector}` : '';
      return `[${entry.phase}] ${entry.ruleId} ${entry.action}${where}: ${withoutControls(entry.preview).replace(/\s+/g, ' ')}\n`;
    })
    .join('');
}
