// Whether jsdom's XPath evaluator accepts an expression: the judge of what counts as XPath in a rule.

// Before jsdom: it replaces helpers jsdom's modules take when they load.
import '../../stages/jsdom-fast-paths.js';
import { JSDOM } from 'jsdom';

let checkDocument: Document | undefined;

/**
 * Parsed by jsdom and run once on an empty page, which also catches what only evaluation finds (an unknown
 * function). An expression giving a string or number (`substring-before(//h1, ' |')`) is accepted: title,
 * author and date read strings.
 */
export function isValidXPath(expression: string): boolean {
  checkDocument ??= new JSDOM('<p>').window.document;
  try {
    checkDocument.evaluate(expression, checkDocument, null, 0 /* ANY_TYPE */, null);
    return true;
  } catch {
    return false;
  }
}
