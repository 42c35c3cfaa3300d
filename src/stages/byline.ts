// A page's byline → the author's name: no "By"-style word before it, no date or time around it.

import { isLabelledPhotoCredit } from '../rules/credits.js';
import { MONTHS, WEEKDAYS } from './date-words.js';

// Bylines put a word for "by" first in every language ("By", "Von", "Par", "Por", "Автор:") and
// often the date after the name, sometimes with no space ("Carrie ArnoldNovember 15, 2019").
// Only those are taken off: a name is never cut, so a word that is also a name particle (von, di,
// af, av: "Di Stefano", "von Trapp") is taken off only where it cannot begin the name.

/** Words for "by" and "author" that never begin a name, each followed by a space or a colon. */
const PREFIXES = [
  // English
  'by',
  'written by',
  'posted by',
  'published by',
  'reported by',
  'reporting by',
  'words by',
  'story by',
  'text by',
  'analysis by',
  'commentary by',
  'posted on',
  'published on',
  'posted',
  'published',
  'authors?',
  'byline',
  // German
  'geschrieben von',
  'verfasst von',
  'artikel von',
  'ein beitrag von',
  'beitrag von',
  'veröffentlicht von',
  'veröffentlicht am',
  'text von',
  'autor(?:in|en)?',
  'text',
  // French
  'écrit par',
  'rédigé par',
  'publié par',
  'publié le',
  'par',
  'auteur(?:e|s)?',
  'autrice',
  'texte',
  // Spanish, Portuguese
  'escrito por',
  'redactado por',
  'publicado por',
  'publicado el',
  'publicado em',
  'por',
  'autora?',
  'texto',
  // Italian
  'scritto da',
  'pubblicato da',
  'a cura di',
  'autore',
  'testo',
  // Dutch
  'geschreven door',
  'gepubliceerd door',
  'door',
  'tekst',
  // Scandinavian, Finnish
  'skriven av',
  'skrevet av',
  'skrevet af',
  'författare',
  'forfatter',
  'kirjoittaja',
  'teksti',
  // Polish, Czech, Turkish
  'napisane przez',
  'autorka',
  'napsal[a]?',
  'yazar',
  // Russian, Ukrainian
  'автор(?:ы|и)?',
  'текст',
];
/**
 * "By" in languages where the same word is also a name particle ("von Trapp", "Di Stefano", "af
 * Klint"). Lower case, it is taken off before a capitalised name; capitalised, only before a name
 * of two or more words ("Von Anna Berger"), and "Di" never ("Di Stefano Marco" is a name).
 */
const PARTICLES = ['von', 'di', 'af', 'av'];
const NEVER_CAPITALISED_PREFIX: ReadonlySet<string> = new Set(['Di']);
// A byline is a name and a date; past this length it is text, left as it is (the search for a
// trailing date tries every position).
const MAX_BYLINE = 200;

const LEADING_SEPARATORS = /^[\s,;:·•|/–—»«-]+/u;
const TRAILING_SEPARATORS = /[\s,;:·•|/–—»«-]+$/u;
const PREFIX = new RegExp(`^(?:${PREFIXES.join('|')})(?:\\s*:\\s*|\\s+|$)`, 'iu');
const CJK_PREFIX = /^(?:作者|撰文|记者|記者|文|著者|筆者)\s*[:：／/]\s*/u;
const PARTICLE = new RegExp(`^(${PARTICLES.join('|')})(?:\\s*:\\s*|\\s+)`, 'iu');
const NAME_WORD = /^[\p{Lu}\p{Lt}][\p{L}\p{M}'’.-]*$/u;

/**
 * The author's name in a byline, or `undefined` when nothing but prefixes and dates is left
 * ("By", "Posted on", "Donnerstag, 4. November 2021").
 */
export function cleanByline(byline: string | undefined): string | undefined {
  if (byline === undefined) return undefined;
  let name = byline.replace(/\s+/g, ' ').trim();
  // Readability takes the first short element whose class says "author" for the byline, and a photo's credit line
  // is often one ("Photograph by Jane Doe" in a div.image__author): that names who took a photo, not who wrote.
  if (isLabelledPhotoCredit(name)) return undefined;
  if (name.length > MAX_BYLINE) return name;
  for (let previous = ''; previous !== name;) {
    previous = name;
    name = name.replace(LEADING_SEPARATORS, '').replace(PREFIX, '').replace(CJK_PREFIX, '');
    name = withoutParticle(withoutLeadingDate(name));
  }
  for (let previous = ''; previous !== name;) {
    previous = name;
    name = withoutTrailingDate(name).replace(TRAILING_SEPARATORS, '');
  }
  return /[\p{L}\p{N}]/u.test(name) ? name : undefined;
}

function withoutParticle(text: string): string {
  const match = PARTICLE.exec(text);
  if (!match?.[1]) return text;
  const rest = text.slice(match[0].length);
  const words = rest.split(/[\s,]+/).filter(Boolean);
  const first = words[0] ?? '';
  if (!NAME_WORD.test(first)) return text;
  if (match[1] === match[1].toLowerCase()) return rest;
  return words.length >= 2 && !NEVER_CAPITALISED_PREFIX.has(match[1]) ? rest : text;
}

// ---- dates --------------------------------------------------------------------------------------

// The shapes of a date, with its words captured and checked against the month and weekday names.
const DAY = String.raw`\d{1,2}(?:st|nd|rd|th|er|º|\.)?`;
const TIME = String.raw`\d{1,2}[:h]\d{2}(?::\d{2})?(?:\s*[ap]\.?\s?m\.?)?(?:\s+(?:uhr|h|utc|gmt|[ecmp][sd]?t|cet|cest|bst|ist)\b)?`;
const DATE = String.raw`(?:(?<on>on|le|am|el|em|il|den)\s+)?(?:(?<weekday>\p{L}+)\.?,?\s+)?(?:(?<before>\p{L}+)\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|${DAY}\s*(?:de\s+)?(?<after>\p{L}+)\.?(?:\s+de)?,?\s+\d{4}|(?<alone>\p{L}+)\.?\s+\d{4}|\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}年\d{1,2}月\d{1,2}日)`;
const DATE_TIME = String.raw`(?:${TIME},?\s+)?${DATE}(?:,?\s*(?:(?:at|um|à)\s+)?${TIME})?`;
const SEPARATOR = /[\s,;:·•|/–—»«-]/u;
/** A date that ends the text. */
const DATE_AT_END = new RegExp(String.raw`(?:${DATE_TIME})$`, 'iuy');
/** A date that starts the text and ends at a separator, the end, or the next word ("2.03.2018von …"). */
const DATE_AT_START = new RegExp(String.raw`(?:${DATE_TIME})(?=${SEPARATOR.source}|\p{L}|$)`, 'iu');

/**
 * Whether a match's words are the month and weekday names they stand for. Right after a name, where
 * its last word could be mistaken for them ("Li Sun, 25 March", "Tran Le 3 mars"), the word for
 * "on" must be lower case and a weekday must be written out or follow a time ("10:08 am Fri Jul 19").
 */
function isDate(match: RegExpExecArray, options: { afterName: boolean }): boolean {
  const { on, weekday, before, after, alone } = match.groups ?? {};
  const month = before ?? after ?? alone;
  if (month !== undefined && !MONTHS.has(month.toLowerCase())) return false;
  if (options.afterName && on !== undefined && on !== on.toLowerCase()) return false;
  if (weekday === undefined) return true;
  if (options.afterName && weekday.length <= 3 && !/^\d/.test(match[0])) return false;
  return WEEKDAYS.has(weekday.toLowerCase());
}

/** The text without a date at its start. */
function withoutLeadingDate(text: string): string {
  const match = DATE_AT_START.exec(text);
  return match?.index === 0 && isDate(match, { afterName: false }) ? text.slice(match[0].length) : text;
}

/**
 * The text without a date at its end: one that follows a separator, or is glued to the name's
 * last letter ("ArnoldNovember 15, 2019", "Collignon22. Februar 2020"). The longest such date wins.
 */
function withoutTrailingDate(text: string): string {
  for (let start = 0; start < text.length; start++) {
    if (!isDateStart(text, start)) continue;
    DATE_AT_END.lastIndex = start;
    const match = DATE_AT_END.exec(text);
    // Right after a word, not a separator, the date's first word could still be the name's last.
    const afterName = !/[,;:·•|/–—»«-]\s*$/u.test(text.slice(0, start));
    if (match && isDate(match, { afterName })) return text.slice(0, start);
  }
  return text;
}

function isDateStart(text: string, index: number): boolean {
  if (index === 0) return true;
  const previous = text.charAt(index - 1);
  if (SEPARATOR.test(previous)) return !SEPARATOR.test(text.charAt(index));
  return /\p{Ll}/u.test(previous) && /[\p{Lu}\d]/u.test(text.charAt(index));
}
