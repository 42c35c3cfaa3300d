// Runs XPath plans (plan-xpath.ts) on a page: CSS through the selector engine, the rest through jsdom's
// document.evaluate, always with the document as the context node.

import { applicableSelector, selectorParts, tokensOf, type SelectorPart } from '../selector-needs.js';
import { elementMatches, firstMatching, plainTest, rootAndElementsMatching } from '../../stages/elements-by-tag.js';
import type { CssTarget, EvaluateNeeds, NodePlan, StringFunction, ValuePlan } from './plan-xpath.js';

const ORDERED_NODE_SNAPSHOT_TYPE = 7;
const ANY_TYPE = 0;

/**
 * The nodes a plan selects in the page `root` belongs to, in document order, without duplicates.
 * An expression the engine rejects (an unknown function, a string where nodes were wanted) selects nothing.
 */
export function evaluateNodes(plan: NodePlan, root: Element): Node[] {
  switch (plan.kind) {
    case 'css':
      try {
        return cssNodes(plan.selector, plan.target, root);
      } catch {
        // A translation the selector engine refuses (none is known): the expression itself, through jsdom.
        return evaluateNodes({ kind: 'evaluate', expression: plan.source, source: plan.source }, root);
      }
    case 'pick': {
      const nodes = evaluateNodes(plan.from, root);
      const node = plan.index === 'last' ? nodes.at(-1) : nodes[plan.index - 1];
      return node ? [node] : [];
    }
    case 'union':
      return inDocumentOrder(plan.parts.flatMap((part) => evaluateNodes(part, root)));
    case 'evaluate': {
      // jsdom's XPath walks the whole page for `//…`: not at all when no element could be among the results.
      if (plan.needs !== undefined && !pageMeets(root, plan.needs)) return [];
      const document = root.ownerDocument;
      try {
        const result = document.evaluate(plan.expression, document, null, ORDERED_NODE_SNAPSHOT_TYPE, null);
        const nodes: Node[] = [];
        for (let index = 0; index < result.snapshotLength; index++) {
          const node = result.snapshotItem(index);
          if (node && root.contains(ownerOrSelf(node))) nodes.push(node);
        }
        return nodes;
      } catch {
        return [];
      }
    }
  }
}

/** The elements a plan selects (text and attribute nodes left out). */
export function evaluateElements(plan: NodePlan, root: Element): Element[] {
  return evaluateNodes(plan, root).filter((node): node is Element => node.nodeType === 1);
}

/**
 * The string a value plan gives, as XPath's string() would: a node set gives the string value of its
 * first node (an element's text, an attribute's value), '' when empty.
 */
export function evaluateString(plan: ValuePlan, root: Element): string {
  switch (plan.kind) {
    case 'literal':
      return plan.value;
    case 'number':
      return numberToString(plan.value);
    case 'nodes': {
      const [first] = evaluateNodes(plan.plan, root);
      return first ? stringValue(first) : '';
    }
    case 'call':
      return callString(
        plan.name,
        plan.args.map((arg) => evaluateString(arg, root)),
        plan.args.map((arg) => (arg.kind === 'number' ? arg.value : undefined)),
      );
    case 'evaluate': {
      const document = root.ownerDocument;
      try {
        const result = document.evaluate(plan.expression, document, null, ANY_TYPE, null);
        switch (result.resultType) {
          case 1: // NUMBER_TYPE
            return numberToString(result.numberValue);
          case 2: // STRING_TYPE
            return result.stringValue;
          case 3: // BOOLEAN_TYPE
            return String(result.booleanValue);
          default: {
            const first = result.iterateNext();
            return first ? stringValue(first) : '';
          }
        }
      } catch {
        return '';
      }
    }
  }
}

/** Every node's string value, for a directive that may match several (author). */
export function stringValues(plan: ValuePlan, root: Element): string[] {
  if (plan.kind === 'nodes') return evaluateNodes(plan.plan, root).map(stringValue);
  const value = evaluateString(plan, root);
  return value === '' ? [] : [value];
}

const compiledParts = new Map<string, SelectorPart[]>();

function cssNodes(selector: string, target: CssTarget, root: Element): Node[] {
  let parts = compiledParts.get(selector);
  if (!parts) {
    parts = selectorParts(selector);
    compiledParts.set(selector, parts);
  }
  // Skipped outright when the page lacks an id, class or attribute the selector needs (selector-needs.ts).
  const applicable = applicableSelector(parts, tokensOf(root));
  if (applicable === undefined) return [];
  const elements = inDocumentOrder(matchingElements(root, applicable));
  if (target.kind === 'element') return elements;
  if (target.kind === 'attribute') {
    return elements.flatMap((element) => {
      const attribute = element.getAttributeNode(target.name);
      return attribute ? [attribute] : [];
    });
  }
  return elements.flatMap((element) => Array.from(element.childNodes).filter((node) => node.nodeType === 3));
}

/**
 * `root` and its descendants matching `selector`. jsdom's selector engine takes several times longer over a
 * page for a selector with case-sensitive attribute tests (`[a="b" s]`, which XPath's comparisons need)
 * than without; without them a selector matches a superset (the values also in other cases), so the page
 * is searched with that and only its few matches are tested against the exact selector. Not inside
 * `:not(…)`, where dropping the flag would match fewer elements, not more.
 */
function matchingElements(root: Element, selector: string): Element[] {
  // A selector tested without the engine is tested exactly (see simple-selectors.ts, compiled-selectors.ts).
  if (plainTest(root, selector)) return rootAndElementsMatching(root, selector);
  const loose = selector.includes(':not(') ? selector : withoutCaseFlags(selector);
  const found = root.matches(loose) ? [root, ...root.querySelectorAll(loose)] : [...root.querySelectorAll(loose)];
  return loose === selector ? found : found.filter((element) => element.matches(selector));
}

/** Whether the page under `root` has what the expression needs (see EvaluateNeeds). */
function pageMeets(root: Element, needs: EvaluateNeeds): boolean {
  if (needs.texts !== undefined) {
    // Read each time, not kept: a rule that removes an element can join the text around it.
    const text = root.textContent ?? '';
    if (!needs.texts.every((literal) => text.includes(literal))) return false;
  }
  return needs.selector === undefined || anyMatches(root, needs.selector);
}

/** Whether `root` or an element in it could match `selector` (a superset test; a refused selector says yes). */
function anyMatches(root: Element, selector: string): boolean {
  try {
    let parts = compiledParts.get(selector);
    if (!parts) {
      parts = selectorParts(selector);
      compiledParts.set(selector, parts);
    }
    const applicable = applicableSelector(parts, tokensOf(root));
    if (applicable === undefined) return false;
    if (plainTest(root, applicable))
      return elementMatches(root, applicable) || firstMatching(root, applicable) !== null;
    const loose = applicable.includes(':not(') ? applicable : withoutCaseFlags(applicable);
    return root.matches(loose) || root.querySelector(loose) !== null;
  } catch {
    return true;
  }
}

/** The selector with each ` s]` that closes a quoted attribute value made `]` (quoted text left alone). */
export function withoutCaseFlags(selector: string): string {
  let out = '';
  for (let index = 0; index < selector.length; index++) {
    const char = selector[index];
    if (char === '"') {
      // A quoted value, up to its closing quote (a backslash escapes the next character).
      let end = index + 1;
      while (end < selector.length && selector[end] !== '"') end += selector[end] === '\\' ? 2 : 1;
      out += selector.slice(index, end + 1);
      index = end;
      if (selector.startsWith(' s]', index + 1)) {
        out += ']';
        index += 3;
      }
      continue;
    }
    out += char;
  }
  return out;
}

function ownerOrSelf(node: Node): Node {
  return node.nodeType === 2 ? ((node as Attr).ownerElement ?? node) : node;
}

/** Sorts nodes into document order (an element's attributes right after it) and drops repeats. */
function inDocumentOrder<T extends Node>(nodes: T[]): T[] {
  const unique = [...new Set(nodes)];
  const sorted = unique.every((node, index) => index === 0 || compareNodes(unique[index - 1] ?? node, node) <= 0);
  return sorted ? unique : unique.sort(compareNodes);
}

function compareNodes(a: Node, b: Node): number {
  if (a === b) return 0;
  const ownerA = ownerOrSelf(a);
  const ownerB = ownerOrSelf(b);
  if (ownerA === ownerB) {
    // An element and its own attribute (the element first), or two attributes of one element (as given).
    if (a.nodeType !== 2) return -1;
    return b.nodeType !== 2 ? 1 : 0;
  }
  return ownerA.compareDocumentPosition(ownerB) & 4 /* DOCUMENT_POSITION_FOLLOWING */ ? -1 : 1;
}

/** XPath's string value: an element's (or the document's) text, an attribute's value, a text node's data. */
export function stringValue(node: Node): string {
  if (node.nodeType === 2) return (node as Attr).value;
  return node.textContent ?? '';
}

function numberToString(value: number): string {
  return String(value);
}

/** XPath 1.0's string functions on already computed string arguments (numbers also given as numbers). */
function callString(name: StringFunction, args: readonly string[], numbers: readonly (number | undefined)[]): string {
  const [a = '', b = '', c = ''] = args;
  switch (name) {
    case 'string':
      return a;
    case 'normalize-space':
      return a.replace(/[\x20\t\r\n]+/g, ' ').trim();
    case 'concat':
      return args.join('');
    case 'substring-before': {
      const at = a.indexOf(b);
      return at < 0 ? '' : a.slice(0, at);
    }
    case 'substring-after': {
      const at = a.indexOf(b);
      return at < 0 ? '' : a.slice(at + b.length);
    }
    case 'substring':
      return substring(a, numbers[1] ?? Number(b), args.length > 2 ? (numbers[2] ?? Number(c)) : undefined);
    case 'translate': {
      const from = [...b];
      const to = [...c];
      return [...a]
        .map((char) => {
          const index = from.indexOf(char);
          return index < 0 ? char : (to[index] ?? '');
        })
        .join('');
    }
  }
}

/** substring(s, start, length?) with XPath's rounding: characters at positions p with round(start) ≤ p < round(start) + round(length). */
function substring(text: string, start: number, length: number | undefined): string {
  const chars = [...text];
  const first = roundHalfUp(start);
  const end = length === undefined ? Number.POSITIVE_INFINITY : first + roundHalfUp(length);
  return chars.filter((_, index) => index + 1 >= first && index + 1 < end).join('');
}

function roundHalfUp(value: number): number {
  return Math.floor(value + 0.5);
}
