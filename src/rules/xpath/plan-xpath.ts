// Turns an XPath expression into a plan: CSS selectors where they select exactly the same nodes, jsdom's
// document.evaluate for the rest.
//
// Why: jsdom's XPath engine sorts every intermediate node set by walking sibling chains, so even
// `//article` costs about 10 ms on a news page; its selector engine answers the same question in a small
// fraction of that, and the rules engine can skip a selector outright when the page lacks its ids and
// classes (selector-needs.ts). Full-Text RSS site configs are mostly simple paths (`//div[@class='x']`,
// `//*[contains(@class, 'share')]`), so most of them never reach the XPath engine.
//
// Only exact translations are made. The expression is evaluated with the document as its context node
// (as Full-Text RSS does); CSS runs from the root element, itself included. Attribute values are compared
// case-sensitively on both sides (the `s` flag: HTML makes some attributes, `type` and `lang` among them,
// case-insensitive in CSS). Anything else (text conditions, other axes, counts, arithmetic, variables)
// is left to document.evaluate on the expression as written.

import { parseXPath, type NodeTest, type Step, type XPathExpr } from './parse-xpath.js';
import { printXPath } from './print-xpath.js';

/** Where a CSS plan's nodes are: the matched elements, their text children, or one of their attributes. */
export type CssTarget = { kind: 'element' } | { kind: 'text' } | { kind: 'attribute'; name: string };

export type NodePlan =
  | { kind: 'css'; selector: string; target: CssTarget; source: string }
  /** `(P)[n]` / `(P)[last()]`: one node of P's, in document order (jsdom gets this wrong for some P). */
  | { kind: 'pick'; from: NodePlan; index: number | 'last'; source: string }
  /** A union of parts that do not share one selector; merged in document order. */
  | { kind: 'union'; parts: NodePlan[]; source: string }
  /**
   * `needs`: a selector every element the expression selects (or owns an attribute or text node it selects)
   * matches; when no element in the page does, the expression selects nothing and jsdom is not asked.
   */
  | { kind: 'evaluate'; expression: string; source: string; needs?: EvaluateNeeds };

/**
 * What a page must have for an expression to select anything (each a necessary condition, not a sufficient
 * one): an element matching `selector`; each of `texts` somewhere in its text.
 */
export interface EvaluateNeeds {
  selector?: string;
  texts?: string[];
}

/** The XPath string functions a value plan computes itself (XPath 1.0, section 4.2). */
export type StringFunction =
  'string' | 'normalize-space' | 'concat' | 'substring-before' | 'substring-after' | 'substring' | 'translate';

export type ValuePlan =
  | { kind: 'nodes'; plan: NodePlan }
  | { kind: 'literal'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'call'; name: StringFunction; args: ValuePlan[] }
  | { kind: 'evaluate'; expression: string };

const STRING_FUNCTIONS: ReadonlySet<string> = new Set<StringFunction>([
  'string',
  'normalize-space',
  'concat',
  'substring-before',
  'substring-after',
  'substring',
  'translate',
]);

// Plans are made once per expression and process (they depend on nothing else); expressions come from
// rule files, so these hold a bounded number.
const nodePlans = new Map<string, NodePlan>();
const valuePlans = new Map<string, ValuePlan>();

/** The plan for an expression used for nodes (body, strip, dissolve, strip_attr, page links). */
export function planNodes(source: string): NodePlan {
  let plan = nodePlans.get(source);
  if (!plan) {
    try {
      plan = nodePlan(parseXPath(source));
    } catch {
      // Not ours to judge: document.evaluate decides (and says no, at run time, to what is not XPath).
      plan = { kind: 'evaluate', expression: source, source };
    }
    nodePlans.set(source, plan);
  }
  return plan;
}

/** The plan for an expression read as a string (title, author, date, page links). */
export function planValue(source: string): ValuePlan {
  let plan = valuePlans.get(source);
  if (!plan) {
    try {
      plan = valuePlan(parseXPath(source));
    } catch {
      plan = { kind: 'evaluate', expression: source };
    }
    valuePlans.set(source, plan);
  }
  return plan;
}

function nodePlan(expression: XPathExpr): NodePlan {
  const source = printXPath(expression);
  const evaluate: NodePlan = { kind: 'evaluate', expression: source, source };
  if (expression.kind === 'union') {
    const parts = expression.parts.map(nodePlan);
    const [first] = parts;
    if (first?.kind === 'css' && parts.every((part) => part.kind === 'css' && sameTarget(part.target, first.target))) {
      const selector = parts.map((part) => (part.kind === 'css' ? part.selector : '')).join(', ');
      return { kind: 'css', selector, target: first.target, source };
    }
    return { kind: 'union', parts, source };
  }
  if (expression.kind === 'path' && expression.start === undefined) {
    const css = pathToCss(expression);
    if (css) return { ...css, source };
    const needs = needsOf(expression.steps);
    return needs === undefined ? evaluate : { ...evaluate, needs };
  }
  if (expression.kind === 'filter' && expression.predicates.length === 1) {
    const [predicate] = expression.predicates;
    const index = predicate ? positionOf(predicate) : undefined;
    const primary = expression.primary;
    if (index !== undefined && (primary.kind === 'path' || primary.kind === 'union')) {
      return { kind: 'pick', from: nodePlan(primary), index, source };
    }
  }
  return evaluate;
}

function valuePlan(expression: XPathExpr): ValuePlan {
  switch (expression.kind) {
    case 'literal':
      return { kind: 'literal', value: expression.value };
    case 'number':
      return { kind: 'number', value: expression.value };
    case 'call': {
      const name = expression.name;
      // normalize-space() and string() without an argument read the context node: left to jsdom.
      if (STRING_FUNCTIONS.has(name) && expression.args.length > 0) {
        return { kind: 'call', name: name as StringFunction, args: expression.args.map(valuePlan) };
      }
      return { kind: 'evaluate', expression: printXPath(expression) };
    }
    case 'path':
    case 'union':
    case 'filter':
      return { kind: 'nodes', plan: nodePlan(expression) };
    default:
      return { kind: 'evaluate', expression: printXPath(expression) };
  }
}

function sameTarget(a: CssTarget, b: CssTarget): boolean {
  return a.kind === b.kind && (a.kind !== 'attribute' || (b.kind === 'attribute' && a.name === b.name));
}

/** `[3]`, `[position()=3]`, `[last()]`, `[position()=last()]` → 3 or 'last'; anything else undefined. */
function positionOf(predicate: XPathExpr): number | 'last' | undefined {
  const single = (expression: XPathExpr): number | 'last' | undefined => {
    if (expression.kind === 'number') {
      return Number.isInteger(expression.value) && expression.value >= 1 ? expression.value : undefined;
    }
    if (expression.kind === 'call' && expression.name === 'last' && expression.args.length === 0) return 'last';
    return undefined;
  };
  if (predicate.kind === 'binary' && predicate.operator === '=') {
    const { left, right } = predicate;
    if (left.kind === 'call' && left.name === 'position' && left.args.length === 0) return single(right);
    if (right.kind === 'call' && right.name === 'position' && right.args.length === 0) return single(left);
    return undefined;
  }
  return single(predicate);
}

interface CssPath {
  kind: 'css';
  selector: string;
  target: CssTarget;
}

/**
 * An absolute location path as a selector, or undefined. Steps: `//` (descendant-or-self::node()), then
 * child or descendant steps with element name tests, following-sibling steps; the last step may instead
 * take an attribute (`/@href`) or the text children (`/text()`).
 */
function pathToCss(path: Extract<XPathExpr, { kind: 'path' }>): CssPath | undefined {
  if (!path.absolute) return undefined;
  let steps = path.steps;
  let target: CssTarget = { kind: 'element' };
  const last = steps.at(-1);
  if (last && last.predicates.length === 0) {
    if (last.axis === 'attribute' && last.test.kind === 'name' && isPlainAttributeName(last.test.name)) {
      target = { kind: 'attribute', name: last.test.name };
      steps = steps.slice(0, -1);
    } else if (last.axis === 'child' && last.test.kind === 'text') {
      target = { kind: 'text' };
      steps = steps.slice(0, -1);
    }
  }
  const selector = stepsToCss(steps, 'root');
  if (selector === undefined) {
    // `//@href`: that attribute on any element.
    if (target.kind === 'attribute' && steps.length === 1 && isDescendantOrSelfNode(steps[0])) {
      return { kind: 'css', selector: `[${target.name}]`, target };
    }
    return undefined;
  }
  return { kind: 'css', selector, target };
}

type Combinator = 'root' | 'anywhere' | 'child' | 'descendant' | 'sibling';

/** One compound selector and how it relates to the one before it. */
interface Link {
  combinator: Combinator;
  compound: string;
}

/**
 * Steps as a complex selector. `from` says where the first step starts: at the document ('root': a child
 * step is the root element, `//` anything), or inside a :has() (relative to the element being tested).
 * Besides child, descendant and following-sibling steps, `parent::x` right after a child step becomes a
 * condition on the element before it (`//a/parent::div` is `div:has(> a)`), and `self::x` one on the
 * element itself.
 */
function stepsToCss(steps: readonly Step[], from: 'root' | 'relative'): string | undefined {
  let combinator: Combinator = from === 'root' ? 'root' : 'child';
  const links: Link[] = [];
  for (const step of steps) {
    if (isDescendantOrSelfNode(step)) {
      if (combinator === 'root') combinator = 'anywhere';
      else if (combinator === 'child') combinator = 'descendant';
      else return undefined;
      continue;
    }
    const last = links.at(-1);
    if (step.axis === 'self' && combinator === 'child') {
      if (last === undefined) {
        // `.` at the start of a relative path: the element itself, so `./a` is `a` below it.
        if (from === 'relative' && step.test.kind === 'node' && step.predicates.length === 0) continue;
        return undefined;
      }
      const condition = compoundFor(step.test, step.predicates, false);
      if (condition === undefined) return undefined;
      last.compound = `${last.compound}:is(${condition})`;
      continue;
    }
    if (step.axis === 'parent' && combinator === 'child' && last !== undefined) {
      const condition = step.test.kind === 'node' ? '*' : compoundFor(step.test, step.predicates, false);
      if (condition === undefined || (step.test.kind === 'node' && step.predicates.length > 0)) return undefined;
      const child = links.pop() as Link;
      const parent = links.at(-1);
      if (child.compound.includes(':has(')) return undefined; // :has() cannot nest
      const has = `:has(> ${child.compound})`;
      if (child.combinator === 'anywhere' && from === 'root') {
        links.push({ combinator: 'anywhere', compound: `${condition}${has}` });
      } else if (child.combinator === 'child' && parent !== undefined) {
        parent.compound = `${parent.compound}:is(${condition})${has}`;
      } else {
        return undefined;
      }
      continue;
    }
    let positional = false;
    let next: Combinator;
    if (step.axis === 'child') {
      positional = true;
      next = combinator;
    } else if (step.axis === 'descendant') {
      if (combinator === 'root' || combinator === 'anywhere') next = 'anywhere';
      else if (combinator === 'child' || combinator === 'descendant') next = 'descendant';
      else return undefined;
    } else if (step.axis === 'following-sibling') {
      if (combinator !== 'child' || (from === 'root' && last === undefined)) return undefined;
      next = 'sibling';
    } else {
      return undefined;
    }
    const compound =
      next === 'root' ? rootCompound(step.test, step.predicates) : compoundFor(step.test, step.predicates, positional);
    if (compound === undefined) return undefined;
    links.push({ combinator: next, compound });
    combinator = 'child';
  }
  if (links.length === 0 || combinator !== 'child') return undefined;
  return links
    .map(({ combinator: link, compound }, index) => {
      const first = index === 0;
      switch (link) {
        case 'root':
          return compound;
        case 'anywhere':
          return compound;
        case 'child':
          return first ? `> ${compound}` : ` > ${compound}`;
        case 'descendant':
          return first ? compound : ` ${compound}`;
        case 'sibling':
          return first ? `~ ${compound}` : ` ~ ${compound}`;
      }
    })
    .join('');
}

/**
 * The first step of `/html/…`: the root element, which an HTML page always has as `html`. Written `:root`
 * (jsdom's engine finds nothing for `html:root > head` queried from the root element, though `:root > head`
 * works), with the step's conditions; another name, or a position, is left to document.evaluate.
 */
function rootCompound(test: NodeTest, predicates: readonly XPathExpr[]): string | undefined {
  if (!(test.kind === 'any' || (test.kind === 'name' && test.name.toLowerCase() === 'html'))) return undefined;
  let compound = ':root';
  for (const predicate of predicates) {
    const condition = positionOf(predicate) === undefined ? conditionCss(predicate) : undefined;
    if (condition === undefined) return undefined;
    compound += condition;
  }
  return compound;
}

/**
 * What the nodes a path selects must match: its last element step's name test and, of its predicates'
 * and-ed parts, those that are exact selector conditions or imply one (the others, and positions, left out:
 * that only matches more). The step before a last `@attribute` or child `text()` step when the path ends in
 * one. Text the element's string value must contain (`contains(., 'x')`, `text() = 'x'`) is a substring of
 * the page's text, since an element's text is a stretch of it.
 */
function needsOf(steps: readonly Step[]): EvaluateNeeds | undefined {
  let step = steps.at(-1);
  if (
    step &&
    ((step.axis === 'attribute' && step.test.kind === 'name') || (step.axis === 'child' && step.test.kind === 'text'))
  ) {
    step = steps.at(-2);
  }
  if (step === undefined || step.axis === 'attribute' || step.axis === 'namespace') return undefined;
  const type =
    step.test.kind === 'name' && isPlainName(step.test.name)
      ? step.test.name
      : step.test.kind === 'any'
        ? '*'
        : undefined;
  if (type === undefined) return undefined;
  const parts = step.predicates.filter((predicate) => positionOf(predicate) === undefined).flatMap(conjuncts);
  const conditions = parts
    .map((part) => conditionCss(part) ?? impliedCss(part))
    .filter((condition): condition is string => condition !== undefined);
  const texts = parts.map(impliedText).filter((text): text is string => text !== undefined);
  const compound = type + conditions.join('');
  const needs: EvaluateNeeds = {
    ...(compound !== '*' ? { selector: compound } : {}),
    ...(texts.length > 0 ? { texts } : {}),
  };
  return needs.selector === undefined && needs.texts === undefined ? undefined : needs;
}

/**
 * A selector condition a predicate implies without being equal to it: `contains(concat(' ',
 * normalize-space(@class), ' '), ' word')` (a class that starts with `word`) implies the attribute holds
 * `word`, whitespace left off the needle (normalize-space changes only whitespace).
 */
function impliedCss(predicate: XPathExpr): string | undefined {
  if (predicate.kind !== 'call' || (predicate.name !== 'contains' && predicate.name !== 'starts-with'))
    return undefined;
  const [first, second] = predicate.args;
  if (predicate.args.length !== 2 || first === undefined || second === undefined) return undefined;
  const needle = literalOf(second)?.trim();
  if (needle === undefined || needle === '' || /[\x20\t\r\n]/.test(needle)) return undefined;
  const attribute = attributeOf(first) ?? spacedAttributeOf(first) ?? normalizedAttributeOf(first);
  return attribute === undefined ? undefined : `[${attribute}*=${cssString(needle)} s]`;
}

/** `normalize-space(@a)` → `a`. */
function normalizedAttributeOf(expression: XPathExpr): string | undefined {
  if (expression.kind !== 'call' || expression.name !== 'normalize-space' || expression.args.length !== 1) {
    return undefined;
  }
  const [attribute] = expression.args;
  return attribute ? attributeOf(attribute) : undefined;
}

/** The literal a predicate needs in the element's own text: `contains(X, 'lit')` or `X = 'lit'`, X its text. */
function impliedText(predicate: XPathExpr): string | undefined {
  let subject: XPathExpr | undefined;
  let literal: string | undefined;
  if (predicate.kind === 'call' && (predicate.name === 'contains' || predicate.name === 'starts-with')) {
    const [first, second] = predicate.args;
    if (predicate.args.length !== 2 || second === undefined) return undefined;
    subject = first;
    literal = literalOf(second);
  } else if (predicate.kind === 'binary' && predicate.operator === '=') {
    subject = literalOf(predicate.right) !== undefined ? predicate.left : predicate.right;
    literal = literalOf(predicate.right) ?? literalOf(predicate.left);
  }
  if (subject === undefined || literal === undefined || literal === '' || !isOwnText(subject)) return undefined;
  return literal;
}

/** `.`, `self::node()`, `text()`: the element's string value or one of its text children. */
function isOwnText(expression: XPathExpr): boolean {
  if (expression.kind !== 'path' || expression.absolute || expression.start !== undefined) return false;
  if (expression.steps.length !== 1) return false;
  const [step] = expression.steps;
  if (!step || step.predicates.length > 0) return false;
  return (step.axis === 'self' && step.test.kind === 'node') || (step.axis === 'child' && step.test.kind === 'text');
}

/** `a and b and c` → its three parts; anything else → itself. */
function conjuncts(expression: XPathExpr): XPathExpr[] {
  return expression.kind === 'binary' && expression.operator === 'and'
    ? [...conjuncts(expression.left), ...conjuncts(expression.right)]
    : [expression];
}

function isDescendantOrSelfNode(step: Step | undefined): boolean {
  return step?.axis === 'descendant-or-self' && step.test.kind === 'node' && step.predicates.length === 0;
}

/**
 * One step's element test and predicates as a compound selector. A position (`[2]`, `[last()]`) is only
 * exact for a child step and as the first predicate: among the element's siblings of its name (or among
 * all element siblings for `*`), which is what :nth-of-type / :nth-child count.
 */
function compoundFor(test: NodeTest, predicates: readonly XPathExpr[], positional: boolean): string | undefined {
  let type: string;
  if (test.kind === 'any') type = '*';
  else if (test.kind === 'name' && isPlainName(test.name)) type = test.name;
  else return undefined;
  let compound = type;
  for (const [index, predicate] of predicates.entries()) {
    const position = positionOf(predicate);
    if (position !== undefined) {
      if (!positional || index > 0) return undefined;
      const ofType = type !== '*';
      compound +=
        position === 'last'
          ? ofType
            ? ':last-of-type'
            : ':last-child'
          : `${ofType ? ':nth-of-type' : ':nth-child'}(${position})`;
      continue;
    }
    const condition = conditionCss(predicate);
    if (condition === undefined) return undefined;
    compound += condition;
  }
  return compound;
}

/** A predicate as selector conditions on the element (`[a="b" s]`, `:not(…)`, `:is(…)`, `:has(…)`). */
function conditionCss(predicate: XPathExpr): string | undefined {
  switch (predicate.kind) {
    case 'binary': {
      const { operator, left, right } = predicate;
      if (operator === 'and') {
        const a = conditionCss(left);
        const b = conditionCss(right);
        return a !== undefined && b !== undefined ? a + b : undefined;
      }
      if (operator === 'or') {
        const a = conditionCss(left);
        const b = conditionCss(right);
        return a !== undefined && b !== undefined ? `:is(${a}, ${b})` : undefined;
      }
      if (operator === '=' || operator === '!=') {
        const attribute = attributeOf(left) ?? attributeOf(right);
        const literal = literalOf(right) ?? literalOf(left);
        if (attribute === undefined || literal === undefined) return undefined;
        const equals = `[${attribute}=${cssString(literal)} s]`;
        // `@a != 'x'` holds for an element that has the attribute with another value.
        return operator === '=' ? equals : `[${attribute}]:not(${equals})`;
      }
      return undefined;
    }
    case 'call':
      return callCss(predicate);
    case 'path': {
      if (predicate.start !== undefined || predicate.absolute) return undefined;
      const attribute = attributeOf(predicate);
      if (attribute !== undefined) return `[${attribute}]`;
      const relative = stepsToCss(predicate.steps, 'relative');
      // Selectors cannot nest :has() (jsdom refuses the selector).
      return relative === undefined || relative.includes(':has(') ? undefined : `:has(${relative})`;
    }
    default:
      return undefined;
  }
}

function callCss(call: Extract<XPathExpr, { kind: 'call' }>): string | undefined {
  const [first, second] = call.args;
  switch (call.name) {
    case 'not': {
      if (call.args.length !== 1 || first === undefined) return undefined;
      const inner = conditionCss(first);
      return inner === undefined ? undefined : `:not(${inner})`;
    }
    case 'contains':
    case 'starts-with': {
      if (call.args.length !== 2 || first === undefined || second === undefined) return undefined;
      const needle = literalOf(second);
      // With an empty needle both are true even without the attribute: not a CSS condition.
      if (needle === undefined || needle === '') return undefined;
      const attribute = attributeOf(first);
      if (attribute !== undefined)
        return `[${attribute}${call.name === 'contains' ? '*=' : '^='}${cssString(needle)} s]`;
      // contains(concat(' ', normalize-space(@class), ' '), ' word '): the attribute has that word.
      const spaced = call.name === 'contains' ? spacedAttributeOf(first) : undefined;
      const word = needle.startsWith(' ') && needle.endsWith(' ') ? needle.slice(1, -1) : undefined;
      if (spaced !== undefined && word !== undefined && word !== '' && !/[\x20\t\r\n]/.test(word)) {
        return `[${spaced}~=${cssString(word)} s]`;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** `concat(' ', normalize-space(@a), ' ')` → `a`. */
function spacedAttributeOf(expression: XPathExpr): string | undefined {
  if (expression.kind !== 'call' || expression.name !== 'concat' || expression.args.length !== 3) return undefined;
  const [before, middle, after] = expression.args;
  if (!before || !middle || !after || literalOf(before) !== ' ' || literalOf(after) !== ' ') return undefined;
  if (middle.kind !== 'call' || middle.name !== 'normalize-space' || middle.args.length !== 1) return undefined;
  const [attribute] = middle.args;
  return attribute ? attributeOf(attribute) : undefined;
}

/** `@name` (a relative path of one attribute step) → `name`. */
function attributeOf(expression: XPathExpr): string | undefined {
  if (expression.kind !== 'path' || expression.absolute || expression.start !== undefined) return undefined;
  const [step] = expression.steps;
  if (expression.steps.length !== 1 || step?.axis !== 'attribute' || step.predicates.length > 0) return undefined;
  return step.test.kind === 'name' && isPlainAttributeName(step.test.name) ? step.test.name : undefined;
}

function literalOf(expression: XPathExpr): string | undefined {
  return expression.kind === 'literal' ? expression.value : undefined;
}

/** Element names that are CSS identifiers as they stand. */
function isPlainName(name: string): boolean {
  return /^[A-Za-z][A-Za-z0-9_-]*$/.test(name);
}

/**
 * Attribute names in lower case only: HTML stores them so, XPath compares them exactly and CSS without
 * regard to case, so `@CLASS` (which XPath finds nowhere in an HTML page) must not become `[class]`.
 */
function isPlainAttributeName(name: string): boolean {
  return /^[a-z_][a-z0-9_-]*$/.test(name);
}

function cssString(value: string): string {
  return `"${value.replace(/[\\"]/g, (char) => `\\${char}`).replace(/[\n\r\f]/g, (char) => `\\${char.charCodeAt(0).toString(16)} `)}"`;
}
