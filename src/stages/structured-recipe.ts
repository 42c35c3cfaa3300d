// After extract: a recipe or how-to whose steps the page's structured data (JSON-LD Recipe / HowTo) lists and the
// extraction lacks gets them appended, as lists, with a warning.

import type { PipelineContext } from '../types.js';
import type { JsonLdBlocks } from './json-ld.js';
import { plainText } from './markup-text.js';
import { collapseWhitespace, MISSED_BELOW_SHARE, shareOfRunsIn } from './text-runs.js';

/** Fewer characters of steps is no method worth adding (a one-line "mix and serve"). */
export const MIN_STEPS_CHARS = 200;
/** A cheap test before parsing: most pages' JSON-LD is no recipe. */
const MAY_HOLD_STEPS = /"(?:Recipe|HowTo)"/;

interface Section {
  /** A HowToSection's name ("For the dough"); undefined for steps outside a section. */
  name: string | undefined;
  steps: string[];
}

interface StructuredSteps {
  name: string;
  ingredients: string[];
  sections: Section[];
}

/**
 * Readability scores prose paragraphs, and a recipe's ingredients and method are lists and short lines: on a recipe
 * page it often keeps the story above the recipe, or the comments, and drops the recipe card. Recipe and how-to
 * pages describe the card in JSON-LD (schema.org Recipe with `recipeIngredient` and `recipeInstructions`, HowTo
 * with `step`) for search engines. When that recipe is the page's own (its name is the page's title or heading)
 * and the extraction holds less than a fifth of its steps, its ingredients (a list) and steps (a numbered list,
 * under each section's name) are appended to the article. Returns whether it did.
 */
export function appendStructuredSteps(
  content: Element,
  jsonLd: JsonLdBlocks,
  isPageHeadline: (headline: string) => boolean,
  extracted: string,
  ctx: PipelineContext,
): boolean {
  let best: StructuredSteps | undefined;
  for (const record of jsonLd.objects(MAY_HOLD_STEPS)) {
    const found = structuredSteps(record);
    if (!found || !isPageHeadline(found.name)) continue;
    if (!best || stepsChars(found) > stepsChars(best)) best = found;
  }
  if (!best || stepsChars(best) < MIN_STEPS_CHARS) return false;
  const steps = best.sections.flatMap((section) => section.steps);
  if (shareOfRunsIn(steps, extracted, MISSED_BELOW_SHARE) >= MISSED_BELOW_SHARE) return false;
  const document = content.ownerDocument;
  const ingredients = best.ingredients.filter((ingredient) => !extracted.includes(ingredient));
  if (ingredients.length > 0) content.append(list(document, 'ul', ingredients));
  for (const section of best.sections) {
    if (section.name) {
      const heading = document.createElement('h3');
      heading.textContent = section.name;
      content.append(heading);
    }
    content.append(list(document, 'ol', section.steps));
  }
  ctx.warnings.push(
    "the article held little of the steps the page's structured data (JSON-LD) lists: its " +
      `${ingredients.length > 0 ? 'ingredients and ' : ''}steps were added`,
  );
  return true;
}

/** The recipe or how-to `record` describes, if it is one with steps. */
function structuredSteps(record: Record<string, unknown>): StructuredSteps | undefined {
  if (!hasType(record, 'Recipe') && !hasType(record, 'HowTo')) return undefined;
  const sections = sectionsOf(record['recipeInstructions'] ?? record['step']);
  if (sections.length === 0) return undefined;
  return {
    name: typeof record['name'] === 'string' ? collapseWhitespace(record['name']) : '',
    ingredients: texts(record['recipeIngredient'] ?? record['ingredients']),
    sections,
  };
}

/**
 * schema.org allows the steps as one text (lines, or numbered), a list of texts, HowToStep objects (`text`, else
 * `name` and their own HowToDirection items), HowToSection objects holding steps under a name, or an ItemList.
 */
function sectionsOf(value: unknown): Section[] {
  const loose: string[] = [];
  const sections: Section[] = [];
  for (const item of asList(value)) {
    if (typeof item === 'string') {
      loose.push(...plainText(item).split(/\n+/).map(collapseWhitespace).filter(Boolean));
      continue;
    }
    if (typeof item !== 'object' || item === null) continue;
    const record = item as Record<string, unknown>;
    if (hasType(record, 'HowToSection') || (hasType(record, 'ItemList') && record['name'] !== undefined)) {
      const steps = asList(record['itemListElement']).flatMap(stepTexts);
      if (steps.length > 0) sections.push({ name: textOf(record['name']), steps });
      continue;
    }
    loose.push(...stepTexts(record));
  }
  return loose.length > 0 ? [{ name: undefined, steps: loose }, ...sections] : sections;
}

function stepTexts(item: unknown): string[] {
  if (typeof item === 'string') return [collapseWhitespace(plainText(item))].filter(Boolean);
  if (typeof item !== 'object' || item === null) return [];
  const record = item as Record<string, unknown>;
  const text = textOf(record['text']);
  if (text) return [text];
  // A step named ("Step 1: Measure the table") with its directions as items: one step, the name leading.
  const directions = asList(record['itemListElement']).flatMap(stepTexts);
  const name = textOf(record['name']);
  const parts = name ? [name, ...directions] : directions;
  return parts.length > 0 ? [parts.join(' ')] : [];
}

function texts(value: unknown): string[] {
  return asList(value)
    .map((item) => (typeof item === 'string' ? collapseWhitespace(plainText(item)) : ''))
    .filter(Boolean);
}

function textOf(value: unknown): string | undefined {
  const text = typeof value === 'string' ? collapseWhitespace(plainText(value)) : '';
  return text ? text : undefined;
}

function hasType(record: Record<string, unknown>, type: string): boolean {
  const value = record['@type'];
  return value === type || (Array.isArray(value) && value.includes(type));
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
}

function stepsChars(found: StructuredSteps): number {
  return found.sections.reduce((sum, section) => sum + section.steps.join(' ').length, 0);
}

function list(document: Document, tag: 'ul' | 'ol', items: readonly string[]): HTMLElement {
  const element = document.createElement(tag);
  for (const item of items) {
    const entry = document.createElement('li');
    entry.textContent = item;
    element.append(entry);
  }
  return element;
}
