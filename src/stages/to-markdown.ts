// Stage 6: article element → GitHub-flavoured Markdown through the unified stack.

import { fromDom } from 'hast-util-from-dom';
import rehypeRemark from 'rehype-remark';
import remarkGfm from 'remark-gfm';
import remarkStringify from 'remark-stringify';
import { unified } from 'unified';
import type { Root as HastRoot } from 'hast';
import type { PipelineContext } from '../types.js';

const processor = unified()
  .use(rehypeRemark)
  .use(remarkGfm)
  .use(remarkStringify, {
    bullet: '-',
    fences: true,
    rule: '-',
    emphasis: '_',
    strong: '*',
    listItemIndent: 'one',
  })
  .freeze();

/** Converts the article body to Markdown (without the title heading, which render adds). */
export function convertToMarkdown(article: Element, _ctx: PipelineContext): string {
  const hast = fromDom(article);
  const root: HastRoot = hast.type === 'root' ? hast : { type: 'root', children: [hast] };
  const mdast = processor.runSync(root);
  return processor.stringify(mdast).trim();
}

/** Markdown for the paragraphs of a text dump: each one a paragraph, escaped like any text. */
export function paragraphsToMarkdown(paragraphs: readonly string[], _ctx: PipelineContext): string {
  const root: HastRoot = {
    type: 'root',
    children: paragraphs.map((paragraph) => ({
      type: 'element',
      tagName: 'p',
      properties: {},
      children: [{ type: 'text', value: paragraph.replace(/\s*\n\s*/g, ' ') }],
    })),
  };
  return processor.stringify(processor.runSync(root)).trim();
}

/** Puts the title heading on top, unless the body already opens with the same heading. */
export function composeMarkdown(title: string | undefined, body: string): string {
  if (!title) return body;
  const heading = processor
    .stringify(
      processor.runSync({
        type: 'root',
        children: [{ type: 'element', tagName: 'h1', properties: {}, children: [{ type: 'text', value: title }] }],
      }),
    )
    .trim();
  const firstLine = body.split('\n', 1)[0] ?? '';
  if (/^#{1,2} /.test(firstLine) && normaliseHeading(firstLine) === normaliseHeading(heading)) return body;
  return body ? `${heading}\n\n${body}` : heading;
}

function normaliseHeading(line: string): string {
  return line
    .replace(/^#+\s*/, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}
