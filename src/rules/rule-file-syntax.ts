// Reads the text of a rule file (YAML, or JSON by extension) into plain data, or says every syntax error
// with the line where the problem starts: an unclosed quote or bracket is named where it opens, not where
// the parser gave up on it.

import { extname } from 'node:path';
import { LineCounter, Parser, parseDocument, type YAMLError } from 'yaml';
import { ruleFileError } from './validate-rules.js';

/** Parses a rule file's text; throws an InvalidRuleError listing every syntax error. */
export function parseRuleFileText(text: string, source: string): unknown {
  if (extname(source) === '.json') {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      const reason = error instanceof Error ? (error.message.split('\n', 1)[0] ?? '') : String(error);
      throw ruleFileError([`${source}: not valid JSON: ${reason}`]);
    }
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  if (document.errors.length === 0) return document.toJS() as unknown;
  const openers = unclosedOpeners(text);
  const problems = document.errors.map(
    (error) => `${source}: not valid YAML: ${describeError(error, openers, lineCounter)}`,
  );
  throw ruleFileError([...new Set(problems)]);
}

interface Opener {
  offset: number;
  what: string;
}

/** Quotes and flow brackets that open and never close, from the parser's token tree. */
function unclosedOpeners(text: string): Opener[] {
  const openers: Opener[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const child of node) visit(child);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const token = node as { type?: unknown; offset?: unknown; source?: unknown; start?: unknown; end?: unknown };
    if (typeof token.offset === 'number') {
      const source = typeof token.source === 'string' ? token.source : '';
      if (token.type === 'double-quoted-scalar' || token.type === 'single-quoted-scalar') {
        const quote = token.type === 'double-quoted-scalar' ? '"' : "'";
        if (!closesQuote(source, quote)) openers.push({ offset: token.offset, what: `the ${quote} quote` });
      } else if (token.type === 'flow-collection') {
        const open = (token.start as { source?: string } | undefined)?.source ?? '[';
        const close = open === '{' ? '}' : ']';
        const ends = Array.isArray(token.end) ? (token.end as { source?: string }[]) : [];
        if (!ends.some((end) => end.source === close)) openers.push({ offset: token.offset, what: `the ${open}` });
      }
    }
    for (const [key, value] of Object.entries(token)) if (key !== 'source') visit(value);
  };
  for (const token of new Parser().parse(text)) visit(token);
  return openers;
}

/** A quoted scalar's source closes when it ends with its quote, not escaped (`\"`) and not the opening one alone. */
function closesQuote(source: string, quote: string): boolean {
  const trimmed = source.trimEnd();
  if (trimmed.length < 2 || !trimmed.endsWith(quote)) return false;
  if (quote === '"') {
    const backslashes = /\\*$/.exec(trimmed.slice(0, -1))?.[0].length ?? 0;
    return backslashes % 2 === 0;
  }
  return true;
}

function describeError(error: YAMLError, openers: readonly Opener[], lineCounter: LineCounter): string {
  const at = error.pos[0];
  // The innermost quote or bracket still open where the parser stopped is where the problem starts.
  const opener = openers.filter((candidate) => candidate.offset <= at).sort((a, b) => b.offset - a.offset)[0];
  if (
    opener !== undefined &&
    (error.code === 'MISSING_CHAR' || error.code === 'BAD_INDENT' || error.code === 'UNEXPECTED_TOKEN')
  ) {
    const { line, col } = lineCounter.linePos(opener.offset);
    return `line ${line}, column ${col}: ${opener.what} that opens here is never closed`;
  }
  const { line, col } = lineCounter.linePos(at);
  // The parser's own words, without its position suffix (" at line 8, column 1:") and trailing colon.
  const reason = (error.message.split('\n', 1)[0] ?? '')
    .replace(/\s+at line \d+, column \d+:?\s*$/, '')
    .replace(/:\s*$/, '');
  return `line ${line}, column ${col}: ${reason}`;
}
