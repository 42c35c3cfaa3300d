// The last pass over the Markdown tree: safe absolute URLs, no raw HTML, no empty or ragged blocks.

import type { Delete, Emphasis, Link, Nodes, Paragraph, PhrasingContent, Root, RootContent, Strong } from 'mdast';
import { tidyCode } from './code-block.js';
import { composeText, withoutSoftHyphens } from './composed.js';
import { dropRepeatedCounters } from './list-counters.js';
import { withoutControls } from './controls.js';
import { normaliseTex, placeDisplayMath } from './math.js';
import { PHRASING_TYPES } from './phrasing.js';
import { toSafeUrl } from './safe-url.js';

export interface TidyOptions {
  /** The page URL, when known: relative links and images are made absolute against it. */
  baseUrl: string | undefined;
}

interface TidyContext extends TidyOptions {
  /** The emphasis kinds (emphasis, strong, delete) the current node is inside. */
  inside: ReadonlySet<string>;
}

/**
 * Tidies the tree in place. Every URL goes through the allowlist here, in one place, so no
 * handler can let a `javascript:` link through: an unsafe link keeps its text and loses its URL,
 * an unsafe image becomes its alt text. Raw HTML nodes never survive.
 */
export function tidyTree(root: Root, options: TidyOptions): void {
  placeDisplayMath(root);
  root.children = withoutStrayBreaks(tidyChildren(wrapPhrasing(root.children), { ...options, inside: new Set() }));
}

/**
 * A thematic break separates two parts of the article; one at either end, or right after another, separates
 * nothing (what stood beside it was clutter and went), so it goes.
 */
function withoutStrayBreaks(children: RootContent[]): RootContent[] {
  const kept = children.filter(
    (child, index) => child.type !== 'thematicBreak' || children[index + 1]?.type !== 'thematicBreak',
  );
  while (kept[0]?.type === 'thematicBreak') kept.shift();
  while (kept.at(-1)?.type === 'thematicBreak') kept.pop();
  return kept;
}

// Raw HTML counts as inline here too: it stands among the phrasing it came with (tidyNode drops it).
const PHRASING: ReadonlySet<string> = new Set([...PHRASING_TYPES, 'html']);

/**
 * Phrasing straight inside a list item or quote (from `<ol><del>…</del></ol>`, which the
 * converter repairs by queuing the stray content into an item) is written without paragraph
 * escaping, so `<script>` text would come out as a live tag: give every run of it a paragraph.
 */
function wrapPhrasing<T extends RootContent>(children: readonly T[]): T[] {
  if (!children.some((child) => PHRASING.has(child.type))) return [...children];
  const result: RootContent[] = [];
  let run: PhrasingContent[] = [];
  const flush = (): void => {
    if (run.length > 0) result.push({ type: 'paragraph', children: run });
    run = [];
  };
  for (const child of children) {
    if (PHRASING.has(child.type)) run.push(child as PhrasingContent);
    else {
      flush();
      result.push(child);
    }
  }
  flush();
  return result as T[];
}

function tidyChildren<T extends RootContent>(children: readonly T[], options: TidyContext): T[] {
  const result: T[] = [];
  for (const child of children) {
    for (const node of tidyNode(child, options) as T[]) pushJoined(result, node);
  }
  return result;
}

/**
 * `<code>a</code><code>b</code>` would be written `` `a``b` ``, which reads back as one code span
 * holding a backtick pair, and `<del>a</del><del>b</del>` as `~~a~~~~b~~`, which does not read
 * back at all: neighbours of one kind are joined into one span, as they display.
 */
function pushJoined(siblings: RootContent[], node: RootContent): void {
  const previous = siblings[siblings.length - 1];
  if (previous?.type === 'inlineCode' && node.type === 'inlineCode') previous.value += node.value;
  else if (previous && isAttention(previous) && isAttention(node) && previous.type === node.type) {
    for (const child of node.children) pushJoined(previous.children, child);
  } else siblings.push(node);
}

function tidyNode(node: RootContent, options: TidyContext): RootContent[] {
  switch (node.type) {
    case 'html':
      return [];
    case 'link': {
      node.title = node.title ? withoutControls(node.title) : node.title;
      node.children = tidyChildren(node.children, options);
      if (!hasVisibleContent(node.children)) return [];
      const url = toSafeUrl(node.url, options.baseUrl);
      if (url === undefined) return node.children;
      node.url = url;
      return moveEdgesOut(node);
    }
    case 'image': {
      node.alt = node.alt ? composeText(withoutSoftHyphens(withoutControls(node.alt))) : node.alt;
      node.title = node.title ? withoutControls(node.title) : node.title;
      const url = toSafeUrl(node.url, options.baseUrl);
      if (url !== undefined) {
        node.url = url;
        return [node];
      }
      return node.alt ? [{ type: 'text', value: node.alt }] : [];
    }
    case 'definition': {
      const url = toSafeUrl(node.url, options.baseUrl);
      if (url === undefined) return [];
      node.url = url;
      return [node];
    }
    case 'code':
      node.value = tidyCode(withoutControls(node.value));
      return [node];
    case 'inlineCode':
      // A code span is one line (CommonMark reads a line ending in it as a space), and a line
      // ending would cut a table row in two; an empty span would be written as bare backticks.
      node.value = withoutControls(node.value).replace(/\n/g, ' ');
      return node.value === '' ? [] : [node];
    case 'math':
    case 'inlineMath':
      node.value = normaliseTex(node.value);
      return node.value === '' ? [] : [node];
    case 'paragraph':
      node.children = tidyChildren(node.children, options);
      return splitParagraph(node);
    case 'tableCell':
      node.children = trimEdges(tidyChildren(node.children, options)).map(pipeSafe);
      return [node];
    case 'heading':
      node.children = trimEdges(tidyChildren(node.children, options));
      return node.type === 'heading' && !hasVisibleContent(node.children) ? [] : [node];
    case 'emphasis':
    case 'strong':
    case 'delete':
      // `<em>` inside `<em>` shows no differently, and nested markers of one kind do not
      // always read back (`*~~*a*~~*`): keep the outer one only.
      if (options.inside.has(node.type)) return tidyChildren(node.children, options);
      node.children = tidyChildren(node.children, { ...options, inside: new Set([...options.inside, node.type]) });
      return hasVisibleContent(node.children) ? moveEdgesOut(node) : node.children;
    case 'listItem':
    case 'blockquote':
      node.children = tidyChildren(wrapPhrasing(node.children as RootContent[]), options) as typeof node.children;
      return node.children.length > 0 ? [node] : [];
    case 'list':
      node.children = tidyChildren(node.children, options);
      dropRepeatedCounters(node);
      return node.children.length > 0 ? [node] : [];
    case 'text':
      node.value = composeText(withoutSoftHyphens(withoutControls(node.value)));
      return node.value === '' ? [] : [node];
    default:
      if ('children' in node)
        node.children = tidyChildren(node.children as RootContent[], options) as typeof node.children;
      return [node];
  }
}

/**
 * `<br><br>` in old markup means "new paragraph": split there. A lone break stays a hard break,
 * but not at either end of a paragraph, where Markdown would show a stray backslash.
 */
function splitParagraph(paragraph: Paragraph): Paragraph[] {
  const parts: PhrasingContent[][] = [[]];
  let breaks = 0;
  for (const child of paragraph.children) {
    if (child.type === 'break') {
      breaks++;
      continue;
    }
    if (child.type === 'text' && child.value.trim() === '' && breaks > 0) continue;
    const current = parts[parts.length - 1] ?? [];
    if (breaks >= 2) parts.push([child]);
    else {
      if (breaks === 1) current.push({ type: 'break' });
      current.push(child);
    }
    breaks = 0;
  }
  const result: Paragraph[] = [];
  for (const part of parts) {
    const children = trimEdges(part);
    if (hasVisibleContent(children)) result.push({ ...paragraph, children });
  }
  return result;
}

/**
 * `<b>bold </b>next` puts a space inside the emphasis, where Markdown cannot have it (`**bold **`
 * does not close), and `<em>x<br></em>` a break just before the closing marker: move edge
 * whitespace and breaks out to the surrounding line, as a browser shows them.
 */
function moveEdgesOut(node: Emphasis | Strong | Delete | Link): PhrasingContent[] {
  const before: PhrasingContent[] = [];
  const after: PhrasingContent[] = [];
  const children = [...node.children];
  for (;;) {
    const first = children[0];
    if (first?.type === 'break') before.push(children.shift() ?? first);
    else if (first?.type === 'text' && /^\s/.test(first.value)) {
      first.value = first.value.trimStart();
      before.push({ type: 'text', value: ' ' });
      if (first.value === '') children.shift();
    } else break;
  }
  for (;;) {
    const last = children[children.length - 1];
    if (last?.type === 'break') after.unshift(children.pop() ?? last);
    else if (last?.type === 'text' && /\s$/.test(last.value)) {
      last.value = last.value.trimEnd();
      after.unshift({ type: 'text', value: ' ' });
      if (last.value === '') children.pop();
    } else break;
  }
  node.children = children;
  return [...before, node, ...after];
}

function isAttention(node: Nodes): node is Emphasis | Strong | Delete {
  return node.type === 'emphasis' || node.type === 'strong' || node.type === 'delete';
}

/**
 * In a GFM table cell `\|` is an escaped pipe even inside a code span, so code holding a
 * backslash before a pipe cannot be written there: it becomes plain text, escaped as text.
 */
function pipeSafe(node: PhrasingContent): PhrasingContent {
  if (node.type === 'inlineCode' && node.value.includes('\\|')) return { type: 'text', value: node.value };
  if ('children' in node) node.children = node.children.map((child) => pipeSafe(child));
  return node;
}

/** Drops breaks and whitespace at both ends of a line of phrasing. */
function trimEdges(children: PhrasingContent[]): PhrasingContent[] {
  const result = [...children];
  while (result.length > 0) {
    const first = result[0];
    if (first?.type === 'break') result.shift();
    else if (first?.type === 'text' && first.value.trimStart() !== first.value) {
      first.value = first.value.trimStart();
      if (first.value === '') result.shift();
    } else break;
  }
  while (result.length > 0) {
    const last = result[result.length - 1];
    if (last?.type === 'break') result.pop();
    else if (last?.type === 'text' && last.value.trimEnd() !== last.value) {
      last.value = last.value.trimEnd();
      if (last.value === '') result.pop();
    } else break;
  }
  return result;
}

/** Whether phrasing shows anything: text that is not blank, code, or an image. */
function hasVisibleContent(nodes: readonly Nodes[]): boolean {
  return nodes.some((node) => {
    if (node.type === 'text' || node.type === 'inlineCode' || node.type === 'inlineMath')
      return node.value.trim() !== '';
    if (node.type === 'image' || node.type === 'imageReference') return true;
    return 'children' in node && hasVisibleContent(node.children);
  });
}
