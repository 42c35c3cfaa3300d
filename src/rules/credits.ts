// Photo credits at the end of a caption or an image's alt text: what they look like, in one place.

/**
 * A credit at the end of a caption, loosely: "/VCG", "/ Reuters", "(Reuters)", "(AP Photo/Jane Doe)", "Photo: Jane
 * Doe", "Credit: Getty - Contributor", "Image: NASA", "© Jane Doe", "Foto: dpa", "Crédit : AFP", "| Getty Images".
 * Glued credits ("…treatmentCredit: EPA") count too: sites print the credit span right after the caption. Loose
 * enough to compare two captions ("the same caption, one with its credit"), too loose to cut text by.
 */
export const TRAILING_CREDIT = new RegExp(
  [
    String.raw`\s*\/\s*[\p{L}\p{N} .&'-]{1,40}`,
    String.raw`\s*\((?:[^()]*\b(?:photo|image|credit|foto|bild|reuters|ap|afp|getty|dpa|epa|vcg|xinhua)\b[^()]*)\)`,
    String.raw`\s*(?:photo(?:graph)?|image|picture|credit|foto|bild|crédit|crédito|source|quelle)s?\s*(?::|\bby\b)\s*[^.:]{1,60}`,
    String.raw`\s*[©|]\s*[^.]{1,60}`,
  ]
    .map((alternative) => `(?:${alternative})`)
    .join('|') + String.raw`\s*$`,
  'iu',
);

/** Words that label a credit, in the languages of the pages we see ("Photo:", "Foto:", "Crédits photos :"). */
const CREDIT_LABEL = String.raw`(?:photo(?:graph)?s?|images?|imagen|pictures?|(?:(?:photo|image|picture) )?credits?(?: photos?)?|crédits?(?: photos?)?|crédito|fotos?|fotografía|bild(?:er)?|source|quelle|fuente|fonte)`;
/** Photo agencies and stock libraries, named in a parenthesised credit ("(Reuters)", "(jane / iStock.com)"). */
const AGENCY = String.raw`(?:reuters|ap|afp|getty(?: images)?|dpa|epa|vcg|xinhua|ansa|efe|imago|picture alliance|istock(?:photo)?|shutterstock|adobe ?stock|unsplash|pixabay|keystone)`;

/**
 * A credit at the end of a text, strictly: only the shapes that are never the end of a description. A parenthesis
 * naming an agency or holding a credit label ("(AP Photo/Jane Doe)", "(jane / iStock.com)", "(Source: Eurostat)"), not
 * a count ("(12 photos)"); a copyright sign and a name;
 * an agency after a slash that ends a finished sentence ("… in Beijing./VCG"), never a slash inside words
 * ("input/output"). Labelled credits are LABELLED_CREDIT's.
 */
const MARKED_CREDIT_AT_END = new RegExp(
  '(?:' +
    [
      String.raw`\s*\((?:[^()]*\b(?:${AGENCY}\b|${CREDIT_LABEL}\s*(?:[:/]|by\b))[^()]*)\)`,
      String.raw`\s*©\s*(?:[^.©]|\.(?!\s|$)){1,60}`,
      String.raw`(?<=[.!?])\s*\/\s*[\p{L}\p{N} .&'-]{1,40}`,
    ]
      .map((alternative) => `(?:${alternative})`)
      .join('|') +
    String.raw`)\s*$`,
  'iu',
);

/**
 * A credit label followed by a colon or "by" and a name, at the end ("Photo: Jane Doe", "Image by NASA"); the name
 * may hold a dot inside a word (a licence's "2.0", "iStock.com"), never a full stop.
 */
const LABELLED_CREDIT = new RegExp(
  String.raw`(\s*)(${CREDIT_LABEL})\s*(?::|\bby\b)\s*(?:[^.:()]|\.(?!\s|$)){1,60}\s*$`,
  'iu',
);

/**
 * A labelled credit counts when the label is written as one: capitalised ("Foto: dpa") or after a separator
 * ("Roman Prymula, photo: Archives"), never the lower-case word inside a sentence ("a diagram of the source: a
 * river").
 */
function labelledCreditStart(text: string): number | undefined {
  const match = LABELLED_CREDIT.exec(text);
  if (!match) return undefined;
  const label = match[2] ?? '';
  const before = text.slice(0, match.index).trimEnd();
  const capitalised = /^\p{Lu}/u.test(label);
  return capitalised || before === '' || /[,.;:|–—-]$/u.test(before) ? match.index : undefined;
}

/** The text without a credit at its end, by the strict shapes; unchanged when it has none. */
export function withoutTrailingCredit(text: string): string {
  const marked = text.replace(MARKED_CREDIT_AT_END, '');
  if (marked !== text) return marked.trimEnd();
  const start = labelledCreditStart(text);
  return start === undefined ? text : text.slice(0, start).trimEnd();
}

/** Labelled credit filling a whole text: the label, then what follows it ("Foto: ÖTZ", "Photo by Jane Doe, Reuters"). */
const LABELLED_WHOLE = new RegExp(String.raw`^(${CREDIT_LABEL})\s*(?::|\bby\b)\s*(.{1,60})$`, 'iu');

/**
 * One word of a photographer's or an agency's name: a capitalised word or an initial, a number, a web address
 * ("iStock.com"), or what joins names ("via", "&"). A lower-case word is a description's ("Foto: junge Frau im
 * Wasser", "Bild: Flagge von Singapur"), never a name's.
 */
const NAME_WORD =
  /^(?:[\p{Lu}\p{N}][\p{L}\p{N}.'’&-]*|[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.[a-z]{2,}|via|and|und|et|y|e|&|[-–|])$/u;

/** An agency written as it signs, often in lower case ("Foto: dpa"). */
const AGENCY_WORD = new RegExp(String.raw`^${AGENCY}$`, 'iu');

/**
 * True when the whole text is a photo credit and describes nothing: a copyright sign and a name, a parenthesis
 * naming an agency or holding a credit label ("(Fuente: Télam)"), or a capitalised credit label and a name ("Foto:
 * ÖTZ", "Photo: Jane Doe/AFP via Getty Images").
 */
export function isCreditOnly(text: string): boolean {
  const trimmed = text.replace(/\s+/gu, ' ').trim();
  if (!/[\p{L}\p{N}]/u.test(trimmed)) return false;
  const marked = MARKED_CREDIT_AT_END.exec(trimmed);
  return marked?.index === 0 || labelledCreditOnly(trimmed) !== undefined;
}

/** Labels that name where a text or figure comes from, not who took a photo ("Quelle: Eurostat"). */
const SOURCE_LABEL = /^(?:source|quelle|fuente|fonte)$/iu;

/**
 * True when the whole text is a labelled photo credit ("Photograph by Jane Doe", "Fotos: EL HERALDO/ AFP"): it names
 * who took a photo. A source ("Quelle: Anna Berger") or a bare copyright notice does not count.
 */
export function isLabelledPhotoCredit(text: string): boolean {
  const label = labelledCreditOnly(text.replace(/\s+/gu, ' ').trim());
  return label !== undefined && !SOURCE_LABEL.test(label);
}

/** The label of a text that is a capitalised credit label and a name, and nothing else ("Foto: ÖTZ" → "Foto"). */
function labelledCreditOnly(text: string): string | undefined {
  const labelled = LABELLED_WHOLE.exec(text);
  const label = labelled?.[1] ?? '';
  if (!/^\p{Lu}/u.test(label)) return undefined;
  const name = labelled?.[2] ?? '';
  // A full stop after a lower-case word ends a sentence; a name's initials ("J. Doe") are no sentence.
  if (/\p{Ll}{2}\.(?:\s|$)/u.test(name)) return undefined;
  const words = name
    .split(/[\s/]+/u)
    .map((word) => word.replace(/[,;:]+$/u, ''))
    .filter((word) => word !== '');
  const named = words.length > 0 && words.every((word) => NAME_WORD.test(word) || AGENCY_WORD.test(word));
  return named ? label : undefined;
}

/** The name a credit gives, without its label, copyright sign or parentheses ("(Fuente: Télam)" → "Télam"). */
export function creditName(credit: string): string {
  const bare = credit
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/^[(©\s]+|[)\s]+$/gu, '');
  const labelled = LABELLED_WHOLE.exec(bare);
  return (labelled?.[2] ?? bare).trim();
}
