// Clutter that leaked into an output and is not in the ground truth: consent text, repeats, teaser lines.
//
// The phrase lists are the single place these are defined (multilingual, lower case). They are
// measurement, not extraction rules: the pipeline must not import them.

/** Phrases of cookie/consent notices; whole phrases, so an article about cookies does not count. */
export const CONSENT_PHRASES: readonly string[] = [
  // English
  'we use cookies',
  'this site uses cookies',
  'this website uses cookies',
  'use of cookies',
  'cookie policy',
  'cookie settings',
  'cookie preferences',
  'accept cookies',
  'accept all cookies',
  'manage cookies',
  'privacy preferences',
  'manage your privacy',
  'your privacy choices',
  'by continuing to browse',
  'by continuing to use this site',
  // German
  'wir verwenden cookies',
  'diese website verwendet cookies',
  'cookie-einstellungen',
  'datenschutzeinstellungen',
  'alle cookies akzeptieren',
  // French
  'nous utilisons des cookies',
  'ce site utilise des cookies',
  'utilisation des cookies',
  'accepter les cookies',
  'gérer les cookies',
  'paramètres des cookies',
  // Spanish / Portuguese
  'utilizamos cookies',
  'usamos cookies',
  'este sitio utiliza cookies',
  'este site utiliza cookies',
  'política de cookies',
  'aceptar cookies',
  'aceitar cookies',
  'configuración de cookies',
  // Italian
  'utilizziamo i cookie',
  'questo sito utilizza cookie',
  'informativa sui cookie',
  'accetta i cookie',
  // Dutch / Polish / Russian / Japanese / Chinese
  'wij gebruiken cookies',
  'we gebruiken cookies',
  'cookie-instellingen',
  'używamy plików cookie',
  'мы используем файлы cookie',
  'использование файлов cookie',
  'cookieを使用',
  'クッキーを使用',
  '我们使用cookie',
  '使用cookie',
];

/**
 * Openings of teaser/link-list lines: a short line that starts with one of these (then ends, or goes
 * on after `:`, `»`, `›`, `|`, a dash, or a space for multi-word phrases) is a "more stories" block.
 */
export const TEASER_PHRASES: readonly string[] = [
  // English
  'trending',
  'trending now',
  'read more',
  'read next',
  'read also',
  'also read',
  'related',
  'related articles',
  'related stories',
  'related posts',
  'related content',
  'related coverage',
  'you may also like',
  'you might also like',
  'you may be interested in',
  'most read',
  'most popular',
  'most viewed',
  'more from',
  'more stories',
  'more on this',
  'recommended',
  'recommended for you',
  'see also',
  "don't miss",
  'don’t miss',
  'up next',
  'what to read next',
  // German
  'mehr zum thema',
  'lesen sie auch',
  'auch interessant',
  'meistgelesen',
  'weitere artikel',
  'das könnte sie auch interessieren',
  // French
  'à lire aussi',
  'lire aussi',
  'à voir aussi',
  'articles similaires',
  'sur le même sujet',
  'les plus lus',
  'vous aimerez aussi',
  // Spanish
  'lee también',
  'te puede interesar',
  'también te puede interesar',
  'noticias relacionadas',
  'artículos relacionados',
  'lo más leído',
  'más leídas',
  // Portuguese
  'leia também',
  'leia mais',
  'veja também',
  'notícias relacionadas',
  'mais lidas',
  'você também pode gostar',
  // Italian
  'leggi anche',
  'articoli correlati',
  'potrebbe interessarti',
  'i più letti',
  // Dutch / Polish / Russian
  'lees ook',
  'meest gelezen',
  'gerelateerde artikelen',
  'czytaj także',
  'czytaj też',
  'najczęściej czytane',
  'читайте также',
  'похожие статьи',
  'самое читаемое',
  // Japanese / Chinese / Korean
  '関連記事',
  'あわせて読みたい',
  '人気記事',
  '相关文章',
  '相关新闻',
  '热门文章',
  '猜你喜欢',
  '관련 기사',
  '많이 본 뉴스',
];

/** A teaser line is short: past this many characters it is a sentence that happens to start so. */
const TEASER_LINE_MAX = 120;
const TEASER_FOLLOWERS = new Set([':', '»', '›', '|', '-', '–', '—', ' ', '>']);

export interface PageLeaks {
  /** Consent phrases in the output that the truth lacks. */
  consent: string[];
  /** Paragraphs that the output has twice in a row and the truth does not. */
  repeated: string[];
  /** Teaser lines (trimmed) whose opening phrase the truth's lines lack. */
  teasers: string[];
}

export function findLeaks({ output, truth }: { output: string; truth: string }): PageLeaks {
  const outputLower = output.toLowerCase();
  const truthLower = truth.toLowerCase();
  const consent = CONSENT_PHRASES.filter((phrase) => outputLower.includes(phrase) && !truthLower.includes(phrase));

  const truthRepeats = new Set(repeatedParagraphs(truth));
  const repeated = repeatedParagraphs(output).filter((paragraph) => !truthRepeats.has(paragraph));

  const truthTeaserPhrases = new Set(lines(truth).flatMap((line) => teaserPhrase(line) ?? []));
  const teasers = lines(output).filter((line) => {
    const phrase = teaserPhrase(line);
    return phrase !== undefined && !truthTeaserPhrases.has(phrase);
  });
  return { consent, repeated, teasers };
}

export function hasLeaks(leaks: PageLeaks): boolean {
  return leaks.consent.length > 0 || leaks.repeated.length > 0 || leaks.teasers.length > 0;
}

/** The longest teaser phrase a line opens with, if the line is short enough to be a teaser. */
export function teaserPhrase(line: string): string | undefined {
  const text = line.trim().toLowerCase();
  if (text === '' || text.length > TEASER_LINE_MAX) return undefined;
  let best: string | undefined;
  for (const phrase of TEASER_PHRASES) {
    if (!text.startsWith(phrase)) continue;
    const next = text.charAt(phrase.length);
    if (next !== '' && !TEASER_FOLLOWERS.has(next)) continue;
    // "Related to the case, …" is a sentence; a one-word phrase needs the line to end or punctuation.
    if (next === ' ' && !phrase.includes(' ')) continue;
    if (best === undefined || phrase.length > best.length) best = phrase;
  }
  return best;
}

/** Paragraphs (blank-line separated, whitespace collapsed) equal to the one just before them. */
export function repeatedParagraphs(text: string): string[] {
  const paragraphs = text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.replace(/\s+/g, ' ').trim())
    .filter((paragraph) => /[\p{L}\p{N}]/u.test(paragraph));
  return paragraphs.filter((paragraph, i) => i > 0 && paragraphs[i - 1] === paragraph);
}

function lines(text: string): string[] {
  return text.split('\n').map((line) => line.trim());
}
