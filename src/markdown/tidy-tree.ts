// The last pass over the Markdown tree: safe absolute URLs, no raw HTML, no empty or ragged blocks.

import type { Delete, Emphasis, Nodes, Paragraph, PhrasingContent, Root, RootContent, Strong } from 'mdast';
import { tidyCode } from './code-block.js';
import { toSafeUrl } from './safe-url.js';

export interface TidyOptions {
  /** The page URL, when known: relative links and images are made absolute against it. */
  baseUrl: string | undefined;
}

/**
 * Tidies the tree in place. Every URL goes through the allowlist here, in one place, so no
 * handler can let a `javascript:` link through: an unsafe link keeps its text and loses its URL,
 * an unsafe image becomes its alt text. Raw HTML nodes never survive.
 */
export function tidyTree(root: Root, options: TidyOptions): void {
  root.children = tidyChildren(root.children, options);
}

function tidyChildren<T extends RootContent>(children: readonly T[], options: TidyOptions): T[] {
  const result: T[] = [];
  for (const child of children) result.push(...(tidyNode(child, options) as T[]));
  return result;
}

function tidyNode(node: RootContent, options: TidyOptions): RootContent[] {
  switch (node.type) {
    case 'html':
      return [];
    case 'link': {
      node.children = tidyChildren(node.children, options);
      if (!hasVisibleContent(node.children)) return [];
      const url = toSafeUrl(node.url, options.baseUrl);
      if (url === undefined) return node.children;
      node.url = url;
      return [node];
    }
    case 'image': {
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
      node.value = tidyCode(node.value);
      return [node];
    case 'paragraph':
      node.children = tidyChildren(node.children, options);
      return splitParagraph(node);
    case 'heading':
    case 'tableCell':
      node.children = trimEdges(tidyChildren(node.children, options));
      return node.type === 'heading' && !hasVisibleContent(node.children) ? [] : [node];
    case 'emphasis':
    case 'strong':
    case 'delete':
      node.children = tidyChildren(node.children, options);
      return hasVisibleContent(node.children) ? moveEdgeSpaceOut(node) : node.children;
    case 'list':
    case 'listItem':
    case 'blockquote':
      node.children = tidyChildren(node.children as RootContent[], options) as typeof node.children;
      return node.children.length > 0 ? [node] : [];
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
 * does not close): move edge whitespace out to the neighbouring text, as a browser shows it.
 */
function moveEdgeSpaceOut(node: Emphasis | Strong | Delete): PhrasingContent[] {
  const result: PhrasingContent[] = [node];
  const first = node.children[0];
  if (first?.type === 'text' && /^\s/.test(first.value)) {
    first.value = first.value.trimStart();
    result.unshift({ type: 'text', value: ' ' });
  }
  const last = node.children[node.children.length - 1];
  if (last?.type === 'text' && /\s$/.test(last.value)) {
    last.value = last.value.trimEnd();
    result.push({ type: 'text', value: ' ' });
  }
  node.children = node.children.filter((child) => child.type !== 'text' || child.value !== '');
  return result;
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
    if (node.type === 'text' || node.type === 'inlineCode') return node.value.trim() !== '';
    if (node.type === 'image' || node.type === 'imageReference') return true;
    return 'children' in node && hasVisibleContent(node.children);
  });
}
