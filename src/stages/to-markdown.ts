// Stage 6: article element → GitHub-flavoured Markdown (and its plain text) through the unified stack.

import type { Root as HastRoot } from 'hast';
import { fromDom } from 'hast-util-from-dom';
import type { Handle, NodeHandle } from 'hast-util-to-mdast';
import type { Root as MdastRoot } from 'mdast';
import type { Options as ToMarkdownOptions } from 'mdast-util-to-markdown';
import rehypeRemark from 'rehype-remark';
import remarkGfm from 'remark-gfm';
import remarkStringify from 'remark-stringify';
import { unified } from 'unified';
import { boundBlockLengths } from '../markdown/block-length.js';
import { markCostlyBrackets } from '../markdown/bracket-cost.js';
import { handlePre } from '../markdown/code-block.js';
import { handleRoot } from '../markdown/escapes.js';
import { handleFigure } from '../markdown/figure.js';
import { handleImage } from '../markdown/image.js';
import { handleLink } from '../markdown/link.js';
import { handleMath, hasMath, precomputeTex, safeMathToMarkdown } from '../markdown/math.js';
import { handleParagraph } from '../markdown/paragraph.js';
import { toPlainText } from '../markdown/plain-text.js';
import { handleTable } from '../markdown/table.js';
import { tidyTree } from '../markdown/tidy-tree.js';
import { addTitleHeading } from '../markdown/title.js';
import { NoArticleError } from '../errors.js';
import type { PipelineContext } from '../types.js';

/** A table row or cell met outside a table (broken markup) is just a block of its content. */
const flow: Handle = (state, node) => state.toFlow(state.all(node));
const ignore: NodeHandle = () => undefined;

const handlers: Record<string, Handle> = {
  a: handleLink,
  figure: handleFigure,
  img: handleImage,
  image: handleImage,
  math: handleMath,
  p: handleParagraph,
  pre: handlePre,
  table: handleTable,
  tr: flow,
  td: flow,
  th: flow,
};

const stringifyOptions = {
  bullet: '-',
  bulletOther: '*',
  emphasis: '*',
  strong: '*',
  fence: '`',
  fences: true,
  rule: '-',
  listItemIndent: 'one',
  handlers: { root: handleRoot },
} as const satisfies ToMarkdownOptions;

// Built once and frozen: every page runs through the same processor, which keeps no state between runs.
const processor = unified()
  // Comments would become raw HTML nodes; nothing in a comment is part of the article.
  .use(rehypeRemark, { handlers, nodeHandlers: { comment: ignore } })
  // Aligned pipes pad every cell to its column's widest: one long cell bloats the whole table.
  .use(remarkGfm, { tablePipeAlign: false })
  .use(remarkStringify, stringifyOptions)
  .freeze();

/**
 * A page with maths is written with `$…$` / `$$…$$` (mdast-util-math), and then a `$` in its text is escaped:
 * beside maths, a renderer that knows maths would pair a price's "$5" with a formula's dollar. A page without
 * maths keeps its dollars as they are.
 */
const mathProcessor = unified()
  .use(remarkGfm, { tablePipeAlign: false })
  .use(function mathSyntax() {
    const data = this.data();
    (data.toMarkdownExtensions ??= []).push(safeMathToMarkdown());
  })
  .use(remarkStringify, stringifyOptions)
  .freeze();

export interface MarkdownOutput {
  markdown: string;
  /** The same content as plain text, without Markdown syntax. */
  text: string;
}

/** Converts the article body to a Markdown tree (without the title heading, which composeMarkdown adds). */
export function articleToMdast(article: Element, ctx: PipelineContext): MdastRoot {
  const hast = fromDom(article);
  const root: HastRoot = hast.type === 'root' ? hast : { type: 'root', children: [hast] };
  if (article.getElementsByTagName('math').length > 0) precomputeTex(root);
  const tree = processor.runSync(root);
  tidyTree(tree, { baseUrl: ctx.baseUrl });
  return tree;
}

/** The paragraphs of a text dump as a Markdown tree: each one a paragraph, escaped like any text. */
export function paragraphsToMdast(paragraphs: readonly string[], ctx: PipelineContext): MdastRoot {
  const tree: MdastRoot = {
    type: 'root',
    children: paragraphs.map((paragraph) => ({
      type: 'paragraph',
      children: [{ type: 'text', value: paragraph.replace(/\s+/g, ' ') }],
    })),
  };
  tidyTree(tree, { baseUrl: ctx.baseUrl });
  return tree;
}

/**
 * Adds the title heading (once) and writes the tree out as Markdown and as plain text. A body
 * with nothing left to show (a frameset, a page of control characters) is no article: a title
 * alone is not a conversion.
 */
export function composeMarkdown(
  title: string | undefined,
  body: MdastRoot,
  options: { titleHeading: boolean },
): MarkdownOutput {
  if (body.children.length === 0) throw new NoArticleError();
  addTitleHeading(body, title, { insert: options.titleHeading });
  if (body.children.length === 0) throw new NoArticleError();
  // Any Markdown reader reads the result in time linear in its length (block-length.ts, bracket-cost.ts).
  boundBlockLengths(body);
  markCostlyBrackets(body);
  return { markdown: stringifyMarkdown(body), text: toPlainText(body) };
}

/** Markdown for a tree, with no trailing whitespace on any line and no runs of 3+ blank lines. */
export function stringifyMarkdown(tree: MdastRoot): string {
  return (hasMath(tree) ? mathProcessor : processor).stringify(tree).trim();
}
