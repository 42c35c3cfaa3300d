// Whether jsdom's XPath evaluator accepts an expression: the judge of what counts as XPath in a rule.

// Before jsdom: it replaces helpers jsdom's modules take when they load.
import '../../stages/jsdom-fast-paths.js';
import { JSDOM } from 'jsdom';
import { parseXPath, type XPathExpr } from './parse-xpath.js';

let checkDocument: Document | undefined;

/**
 * The XPath 1.0 function library (the recommendation, section 4), which is what jsdom implements: the
 * fewest and most arguments each takes. jsdom checks neither name nor count until a call is evaluated.
 */
const FUNCTION_ARITY: Readonly<Record<string, readonly [number, number]>> = {
  last: [0, 0],
  position: [0, 0],
  count: [1, 1],
  id: [1, 1],
  'local-name': [0, 1],
  'namespace-uri': [0, 1],
  name: [0, 1],
  string: [0, 1],
  concat: [2, Infinity],
  'starts-with': [2, 2],
  contains: [2, 2],
  'substring-before': [2, 2],
  'substring-after': [2, 2],
  substring: [2, 3],
  'string-length': [0, 1],
  'normalize-space': [0, 1],
  translate: [3, 3],
  boolean: [1, 1],
  not: [1, 1],
  true: [0, 0],
  false: [0, 0],
  lang: [1, 1],
  number: [0, 1],
  sum: [1, 1],
  floor: [1, 1],
  ceiling: [1, 1],
  round: [1, 1],
};

/**
 * Parsed by jsdom and run once on an empty page, which also catches what only evaluation finds. Calls are
 * checked on the syntax tree as well: on the empty page a predicate never runs, so `//div[contains(@class='x')]`
 * or an unknown function would pass here and then throw on every page that has a <div> (a few upstream site
 * configs hold such lines). An expression giving a string or number (`substring-before(//h1, ' |')`) is
 * accepted: title, author and date read strings.
 */
export function isValidXPath(expression: string): boolean {
  checkDocument ??= new JSDOM('<p>').window.document;
  try {
    checkDocument.evaluate(expression, checkDocument, null, 0 /* ANY_TYPE */, null);
  } catch {
    return false;
  }
  let tree: XPathExpr;
  try {
    tree = parseXPath(expression);
  } catch {
    // Our parser covers less than jsdom's (it feeds the CSS planner): jsdom's word stands.
    return true;
  }
  return callsAreValid(tree);
}

function callsAreValid(expression: XPathExpr): boolean {
  switch (expression.kind) {
    case 'call': {
      const arity = FUNCTION_ARITY[expression.name];
      if (arity === undefined || expression.args.length < arity[0] || expression.args.length > arity[1]) return false;
      return expression.args.every(callsAreValid);
    }
    case 'binary':
      return callsAreValid(expression.left) && callsAreValid(expression.right);
    case 'negate':
      return callsAreValid(expression.operand);
    case 'union':
      return expression.parts.every(callsAreValid);
    case 'path':
      return (
        (expression.start === undefined || callsAreValid(expression.start)) &&
        expression.steps.every((step) => step.predicates.every(callsAreValid))
      );
    case 'filter':
      return callsAreValid(expression.primary) && expression.predicates.every(callsAreValid);
    case 'literal':
    case 'number':
    case 'variable':
      return true;
  }
}
