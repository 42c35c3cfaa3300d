// A cheap pre-check before CSS matching: which ids, classes, attributes and tags a selector needs, and
// which a document has. jsdom compiles every selector it sees afresh for each page, about a millisecond a
// piece, so a rule with hundreds of selectors (the consent platforms) would cost a second per page; asking
// first whether the page even has `#onetrust-banner-sdk` makes it cost almost nothing.

/** What one selector of a list needs present in the document to match at all (lower-cased). */
export interface SelectorPart {
  source: string;
  /** Undefined when the selector is too unusual to analyse (escapes): always evaluated. */
  needs: string[] | undefined;
}

/**
 * What a page contains: the tokens `#id`, `.class`, `[attribute` and `tag`, and per attribute name all its
 * values joined by newlines (for `[name*=value]` and friends), everything lower-cased.
 */
export interface TokenIndex {
  tokens: ReadonlySet<string>;
  values: ReadonlyMap<string, string>;
}

/** Splits a selector list on its top-level commas and works out what each selector needs. */
export function selectorParts(list: string): SelectorPart[] {
  return splitSelectorList(list).map((source) => ({ source, needs: needsOf(source) }));
}

/** Splits a selector list on its top-level commas (not those inside brackets, parentheses or quotes). */
export function splitSelectorList(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = '';
  let current = '';
  for (const char of list) {
    if (quote) {
      if (char === quote) quote = '';
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '(' || char === '[') depth++;
    else if (char === ')' || char === ']') depth--;
    else if (char === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
      continue;
    }
    current += char;
  }
  parts.push(current.trim());
  return parts.filter(Boolean);
}

/**
 * The positive tokens of a selector, outside any parentheses (`:not(.x)` needs no `.x`) and attribute
 * values. Attribute names are taken from inside the brackets, values are not.
 */
function needsOf(selector: string): string[] | undefined {
  if (selector.includes('\\')) return undefined;
  let outside = '';
  let depth = 0;
  let inBracket = false;
  let attributeName = '';
  let quote = '';
  const needs: string[] = [];
  for (const char of selector) {
    if (inBracket) {
      if (quote) {
        if (char === quote) quote = '';
      } else if (char === '"' || char === "'") quote = char;
      if (char === ']' && !quote) {
        inBracket = false;
        if (depth === 0) {
          const need = attributeNeed(attributeName);
          if (need === undefined) return undefined;
          needs.push(need);
        }
        attributeName = '';
      } else attributeName += char;
      outside += ' ';
      continue;
    }
    if (char === '[') {
      inBracket = true;
      outside += ' ';
    } else if (char === '(') {
      depth++;
      outside += ' ';
    } else if (char === ')') {
      depth--;
      outside += ' ';
    } else outside += depth > 0 ? ' ' : char;
  }
  for (const match of outside.matchAll(/([#.]?)(-?[_a-zA-Z][\w-]*)/g)) {
    const [, sigil, name] = match;
    const before = outside[(match.index ?? 0) - 1];
    if (!name) continue;
    if (sigil) needs.push(`${sigil}${name.toLowerCase()}`);
    else if (before !== ':' && before !== '-' && !/[\w]/.test(before ?? '')) needs.push(name.toLowerCase());
  }
  return needs;
}

/**
 * `[name` for a presence test; `[name=value` when some value of `name` must contain `value` (true of every
 * operator: =, ~=, |=, ^=, $=, *=). Undefined when the brackets are not understood.
 */
function attributeNeed(inside: string): string | undefined {
  const match = /^\s*([\w-]+)\s*(?:[~|^$*]?=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+))\s*[is]?)?\s*$/i.exec(inside);
  if (!match?.[1]) return undefined;
  const value = match[2] ?? match[3] ?? match[4];
  return value === undefined ? `[${match[1].toLowerCase()}` : `[${match[1].toLowerCase()}=${value.toLowerCase()}`;
}

/**
 * The tokens of each document, built on first use. Most rules only take things out of a page (remove,
 * unwrap, unhide, …), so an index built before they ran still holds every token the page has: a superset,
 * which is all a "may this match?" check needs. An action that adds an attribute or an element calls
 * forgetTokens, or a later rule's selector would be skipped (an image given its caption as alt text would
 * never match `img[alt]`).
 */
// Keyed on the root the rules run on, not its document: the post phase runs on Readability's article,
// which is detached from its (emptied) document, so the document's own elements would miss it.
const indexes = new WeakMap<Element, TokenIndex>();

/** Drops the token index of `root`, after an action added attributes or elements to it: the next rule rebuilds it. */
export function forgetTokens(root: Element): void {
  indexes.delete(root);
}

export function tokensOf(root: Element): TokenIndex {
  let tokens = indexes.get(root);
  if (!tokens) {
    tokens = indexTokens(root);
    indexes.set(root, tokens);
  }
  return tokens;
}

/**
 * Every token `root` and its descendants contain. A TreeWalker and plain attribute reads: in jsdom these
 * are an order of magnitude faster than spreading a live HTMLCollection or iterating classList/attributes.
 */
export function indexTokens(root: Element): TokenIndex {
  const tokens = new Set<string>();
  const values = new Map<string, string[]>();
  const walker = root.ownerDocument.createTreeWalker(root, 1 /* NodeFilter.SHOW_ELEMENT */);
  for (let node: Node | null = root; node; node = walker.nextNode()) {
    const element = node as Element;
    tokens.add(element.localName.toLowerCase());
    for (const name of element.getAttributeNames()) {
      const lower = name.toLowerCase();
      const value = (element.getAttribute(name) ?? '').toLowerCase();
      tokens.add(`[${lower}`);
      const list = values.get(lower);
      if (list) list.push(value);
      else values.set(lower, [value]);
      if (lower === 'id') tokens.add(`#${value}`);
      else if (lower === 'class') for (const part of value.split(/\s+/)) if (part) tokens.add(`.${part}`);
    }
  }
  return { tokens, values: new Map([...values].map(([name, list]) => [name, list.join('\n')])) };
}

function has(index: TokenIndex, need: string): boolean {
  const equals = need.indexOf('=');
  if (equals < 0) return index.tokens.has(need);
  return index.values.get(need.slice(1, equals))?.includes(need.slice(equals + 1)) ?? false;
}

/** The selector list restricted to the selectors that may match here, or undefined when none may. */
export function applicableSelector(parts: readonly SelectorPart[], tokens: TokenIndex): string | undefined {
  const applicable = parts.filter((part) => !part.needs || part.needs.every((need) => has(tokens, need)));
  return applicable.length > 0 ? applicable.map((part) => part.source).join(', ') : undefined;
}
