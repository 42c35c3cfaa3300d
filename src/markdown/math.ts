// Maths → TeX: `<math>` (MathML) and formula pictures become `$…$` inline and `$$…$$` display maths.
//
// Where the TeX comes from, best first: the page's own TeX annotation (`<annotation encoding=
// "application/x-tex">`, which Wikipedia and KaTeX write), else the MathML converted by mathml-to-latex;
// a formula picture (MediaWiki's fallback image, WordPress' LaTeX image) carries its TeX in its alt.
// The TeX is written raw between dollars, so it must read safely both where a renderer knows maths
// (GitHub, pandoc, Obsidian) and where it does not (plain CommonMark): it is put on one line, and
// what could make HTML, a link or a block there is rewritten into TeX that means the same.

import type { Element, ElementContent, Root } from 'hast';
import type { Handle } from 'hast-util-to-mdast';
import { toHtml } from 'hast-util-to-html';
import { toText } from 'hast-util-to-text';
import { MathMLToLaTeX } from 'mathml-to-latex';
import type { Nodes, Parent, PhrasingContent } from 'mdast';
import { mathToMarkdown, type InlineMath, type Math } from 'mdast-util-math';
import type { Handle as ToMarkdownHandle, Options as ToMarkdownExtension } from 'mdast-util-to-markdown';
import { withoutControls } from './controls.js';

/** Annotation encodings that hold TeX (MathML names none; these are what TeX-to-MathML tools write). */
const TEX_ENCODING = /^(?:application|text)\/(?:x-)?(?:la)?tex$/i;
/** A picture of a formula says so in its class or address (`mwe-math-fallback-image`, `latex`, `latex.php?…`). */
const FORMULA_PICTURE = /(?:^|[^a-z])(?:math|latex|tex|mathtex|formula|equation)(?:[^a-z]|$)/i;
/** Alt text that is TeX: a command, a sub- or superscript, a group or an equation; or one symbol. */
const TEX_LIKE = /\\[a-z]+|[_^{}=]|^[a-z0-9]$/i;

/**
 * Where `precomputeTex` leaves a `<math>`'s TeX. The Markdown converter collapses whitespace before handlers run,
 * and TeX needs its line ends to drop its `%` comments. Pages cannot set it: parse drops data-* no rule names.
 */
const TEX_PROPERTY = 'dataDeclutterTex';

/** Works out the TeX of every `<math>` in a hast tree while its text is as written (see TEX_PROPERTY). */
export function precomputeTex(node: Root | Element): void {
  for (const child of node.children) {
    if (child.type !== 'element') continue;
    if (child.tagName === 'math') child.properties[TEX_PROPERTY] = texOfMath(child);
    else precomputeTex(child);
  }
}

/** Converts a `<math>` element: display maths for `display="block"` (or MathML 1's `mode="display"`). */
export const handleMath: Handle = (state, node) => {
  const precomputed = node.properties[TEX_PROPERTY];
  const tex = typeof precomputed === 'string' ? precomputed : texOfMath(node);
  if (tex === '') return undefined;
  const display = node.properties.display === 'block' || node.properties.mode === 'display';
  const result: Math | InlineMath = display ? { type: 'math', value: tex } : { type: 'inlineMath', value: tex };
  state.patch(node, result);
  return result;
};

/** The TeX of a `<math>`: its TeX annotation, else the MathML converted; '' when it shows nothing. */
export function texOfMath(math: Element): string {
  const annotation = findElement(math, (element) => {
    const encoding = element.properties.encoding;
    return element.tagName === 'annotation' && typeof encoding === 'string' && TEX_ENCODING.test(encoding.trim());
  });
  if (annotation) {
    const tex = normaliseTex(toText(annotation, { whitespace: 'pre' }));
    if (tex !== '') return tex;
  }
  const shown = withoutAnnotations(math);
  let converted = '';
  try {
    converted = MathMLToLaTeX.convert(toHtml(shown, { space: 'html' }));
  } catch {
    // Malformed MathML the converter cannot read: keep what it shows as text rather than lose it.
  }
  return normaliseTex(converted) || normaliseTex(toText(shown).replace(/\s+/g, ' '));
}

/**
 * A picture of a formula whose alt is its TeX, as maths: display maths when its class says so (MediaWiki's
 * `mwe-math-fallback-image-display`). Undefined for any other image.
 */
export function formulaPicture(image: Element): Math | InlineMath | undefined {
  const alt = typeof image.properties.alt === 'string' ? image.properties.alt : '';
  const className = Array.isArray(image.properties.className) ? image.properties.className.join(' ') : '';
  const src = typeof image.properties.src === 'string' ? image.properties.src : '';
  if (!FORMULA_PICTURE.test(className) && !FORMULA_PICTURE.test(src)) return undefined;
  const tex = normaliseTex(alt);
  if (tex === '' || !TEX_LIKE.test(tex)) return undefined;
  return /(?:^|[^a-z])display(?:[^a-z]|$)/i.test(className)
    ? { type: 'math', value: tex }
    : { type: 'inlineMath', value: tex };
}

/**
 * TeX as it is written out: MediaWiki's `{\displaystyle …}` wrapper off (the delimiters say inline or display),
 * comments dropped (the TeX goes on one line), whitespace collapsed, no control characters.
 */
export function normaliseTex(raw: string): string {
  let tex = withoutControls(raw)
    .replace(/(?<!\\)%[^\n]*/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  for (;;) {
    const match = /^\{\\(?:displaystyle|textstyle)\b\s*(.*)\}$/.exec(tex);
    if (!match?.[1] || !balanced(match[1])) break;
    tex = match[1].trim();
  }
  // Left at the front after the wrapper, a style switch says again what the delimiters say.
  return tex.replace(/^\\(?:displaystyle|textstyle)(?![a-z])\s*/i, '');
}

/**
 * mdast-util-math's `$…$` / `$$…$$` writers, given TeX made safe to write between dollars (see the top of this
 * file): `<` and `>` as `\lt`/`\gt` (no HTML, no autolink), `](` parted by a space (no link); in a table cell,
 * where a `|` ends the cell even inside maths, `|` as `\vert` and `\|` as `\Vert`. A display line that could
 * start a Markdown block (`- x`, `# x`, `===`) opens with an empty group `{}`, which TeX ignores.
 */
export function safeMathToMarkdown(): ToMarkdownExtension {
  const extension = mathToMarkdown();
  const { math, inlineMath } = extension.handlers ?? {};
  if (!math || !inlineMath) throw new Error('mdast-util-math has no math handlers');
  const safeMath: ToMarkdownHandle = (node: Math, parent, state, info) => {
    const tex = safeTex(node.value);
    return math({ ...node, value: /^(?:[-#*+=_~`>|]|\d+[.)])/.test(tex) ? `{}${tex}` : tex }, parent, state, info);
  };
  const safeInlineMath: ToMarkdownHandle = (node: InlineMath, parent, state, info) => {
    const tex = state.stack.includes('tableCell') ? tableSafeTex(safeTex(node.value)) : safeTex(node.value);
    return inlineMath({ ...node, value: tex }, parent, state, info);
  };
  // The writer of the text before maths asks the handler's `peek` which character follows it (so a "\\" there is escaped).
  const { peek } = inlineMath as ToMarkdownHandle & { peek?: ToMarkdownHandle };
  return { ...extension, handlers: { math: safeMath, inlineMath: Object.assign(safeInlineMath, { peek }) } };
}

function safeTex(tex: string): string {
  return tex
    .replace(/</g, '\\lt ')
    .replace(/>/g, '\\gt ')
    .replace(/\](?=\()/g, '] ')
    .replace(/\s+/g, ' ')
    .trim();
}

function tableSafeTex(tex: string): string {
  return tex.replace(/\\\|/g, '\\Vert ').replace(/\|/g, '\\vert ').replace(/ +/g, ' ').trim();
}

/**
 * Display maths stands as a block where blocks may stand: a paragraph holding one (a `<math display="block">`
 * inside a `<p>`) is split around it; inside a heading, a link, emphasis or a table cell it is written inline.
 * A bulleted list of nothing but display maths is its formulas: MediaWiki indents a formula with `<dl><dd>`.
 */
export function placeDisplayMath(parent: Parent): void {
  const flow = FLOW_PARENTS.has(parent.type);
  const children: Nodes[] = [];
  for (const child of parent.children as Nodes[]) {
    if (child.type === 'math' && !flow) children.push({ type: 'inlineMath', value: child.value });
    else if (child.type === 'paragraph' && flow && child.children.some((node) => (node as Nodes).type === 'math')) {
      let run: PhrasingContent[] = [];
      for (const node of child.children as Nodes[]) {
        if (node.type === 'math') {
          if (run.length > 0) children.push({ ...child, children: run });
          children.push(node);
          run = [];
        } else run.push(node as PhrasingContent);
      }
      if (run.length > 0) children.push({ ...child, children: run });
    } else children.push(child);
  }
  for (const child of children) if ('children' in child) placeDisplayMath(child);
  (parent as { children: Nodes[] }).children = children.flatMap((child) => {
    if (child.type !== 'list' || child.ordered === true) return [child];
    const formulas = child.children.map((item) => (item.children.length === 1 ? item.children[0] : undefined));
    return formulas.every((node) => node?.type === 'math') ? formulas : [child];
  });
}

/** Parents whose children are blocks. */
const FLOW_PARENTS: ReadonlySet<string> = new Set(['root', 'blockquote', 'listItem', 'footnoteDefinition']);

/** Whether a tree holds maths (its Markdown then escapes a `$` in text, which would open maths). */
export function hasMath(node: Nodes): boolean {
  if (node.type === 'math' || node.type === 'inlineMath') return true;
  return 'children' in node && (node.children as Nodes[]).some((child) => hasMath(child));
}

function findElement(root: Element, test: (element: Element) => boolean): Element | undefined {
  for (const child of root.children) {
    if (child.type !== 'element') continue;
    if (test(child)) return child;
    const found = findElement(child, test);
    if (found) return found;
  }
  return undefined;
}

/** The MathML without its annotations (TeX or other encodings): what the page shows. */
function withoutAnnotations(element: Element): Element {
  const children: ElementContent[] = [];
  for (const child of element.children) {
    if (child.type === 'element' && (child.tagName === 'annotation' || child.tagName === 'annotation-xml')) continue;
    children.push(child.type === 'element' ? withoutAnnotations(child) : child);
  }
  return { ...element, children };
}

/** Whether every brace of `tex` is closed in order (escaped braces aside). */
function balanced(tex: string): boolean {
  let depth = 0;
  for (let index = 0; index < tex.length; index++) {
    const char = tex[index];
    if (char === '\\') index++;
    else if (char === '{') depth++;
    else if (char === '}' && --depth < 0) return false;
  }
  return depth === 0;
}
