// Stage 7: the converted article → the bytes the user asked for (markdown, text or json).

import { stringify as stringifyYaml } from 'yaml';
import type { DeclutterResult, OutputFormat } from '../types.js';

export interface RenderOptions {
  format: OutputFormat;
  frontMatter: boolean;
  /** Include the removal trace in JSON output. */
  explain: boolean;
}

/** Formats a result for output; always ends with one newline. */
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
      return `${front}${result.markdown.trimEnd()}\n`;
    }
  }
}

function renderFrontMatter(result: DeclutterResult): string {
  const { title, author, siteName, published, url, lang, excerpt } = result.metadata;
  const fields = { title, author, site: siteName, published, url, lang, excerpt };
  const present = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
  return `---\n${stringifyYaml(present, { lineWidth: 0 })}---\n\n`;
}
