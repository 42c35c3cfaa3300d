// Element sets from the HTML standard's tree construction, for prune-html's depth bookkeeping.

const set = (names: string): ReadonlySet<string> => new Set(names.split(/\s+/).filter(Boolean));

export const VOID_ELEMENTS = set(
  'area base basefont bgsound br col embed frame hr image img input keygen link meta param source track wbr',
);

/** Inline content: inside a container it continues a run of text rather than ending it. */
export const PHRASING = set(`a abbr audio b bdi bdo big br button canvas cite code data datalist del dfn em
  embed font i iframe img input ins kbd label map mark math meter nobr noscript object output picture
  progress q ruby s samp select small span strike strong sub sup svg textarea time tt u var video wbr`);

/** Containers that may hold a <p>, where a long `<br><br>` sequence is turned into paragraphs. */
export const WRAPPABLE_CONTAINERS = set(
  'body div section article main aside header footer nav blockquote td th li dd figure form fieldset details center',
);

/**
 * "Has an element in scope" stops at these (the default scope, with MathML/SVG integration points).
 * `title` here can only be SVG's: HTML's <title> is raw text and never goes on the stack.
 */
export const SCOPE_BOUNDARIES = set(
  'applet caption html table td th marquee object template mi mo mn ms mtext annotation-xml foreignobject desc title',
);
/** Table scope, used by end tags of table structure. */
export const TABLE_SCOPE_BOUNDARIES = set('html table template');
export const TABLE_STRUCTURE = set('table caption colgroup tbody thead tfoot tr td th');

/** SVG and MathML children whose content is HTML again. */
export const SVG_INTEGRATION_POINTS = set('foreignobject desc title');
export const MATHML_INTEGRATION_POINTS = set('mi mo mn ms mtext annotation-xml');

/** HTML start tags that end SVG/MathML content when they appear inside it. */
export const BREAKOUT_FROM_FOREIGN = set(`b big blockquote body br center code dd div dl dt em embed h1 h2 h3
  h4 h5 h6 head hr i img li listing menu meta nobr ol p pre ruby s small span strong strike sub sup table
  tt u ul var`);

export interface ImpliedEnd {
  /** Open elements this start tag closes… */
  names: readonly string[];
  /** …unless one of these is open above them (their own scope). */
  stopAt: readonly string[];
  /** Closes them only when one is the current node (headings). */
  onlyCurrent?: boolean;
}

/** Start tags that close an open <p> (besides the headings): blocks a paragraph can never hold. */
export const CLOSES_P = set(`address article aside blockquote center details dialog dir div dl fieldset figcaption
  figure footer form header hgroup hr main menu nav ol p pre listing section summary table ul`);

const closesP: ImpliedEnd = { names: ['p'], stopAt: ['button'] };
const implied: Array<[string, ImpliedEnd]> = [
  ...[...CLOSES_P].map((name): [string, ImpliedEnd] => [name, closesP]),
  ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((name): [string, ImpliedEnd] => [
    name,
    { names: ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'], stopAt: [], onlyCurrent: true },
  ]),
  ['li', { names: ['li'], stopAt: ['ul', 'ol', 'menu'] }],
  ['dd', { names: ['dd', 'dt'], stopAt: ['dl'] }],
  ['dt', { names: ['dd', 'dt'], stopAt: ['dl'] }],
  ['tr', { names: ['tr'], stopAt: ['table', 'tbody', 'thead', 'tfoot'] }],
  ['td', { names: ['td', 'th'], stopAt: ['tr', 'table'] }],
  ['th', { names: ['td', 'th'], stopAt: ['tr', 'table'] }],
  ['tbody', { names: ['tbody', 'thead', 'tfoot'], stopAt: ['table'] }],
  ['thead', { names: ['tbody', 'thead', 'tfoot'], stopAt: ['table'] }],
  ['tfoot', { names: ['tbody', 'thead', 'tfoot'], stopAt: ['table'] }],
  ['option', { names: ['option'], stopAt: [], onlyCurrent: true }],
  ['optgroup', { names: ['option', 'optgroup'], stopAt: [], onlyCurrent: true }],
  // A link inside a link closes the outer one (the adoption agency), so nested <a> never deepen.
  ['a', { names: ['a'], stopAt: [] }],
  ['nobr', { names: ['nobr'], stopAt: [] }],
  ['button', { names: ['button'], stopAt: [] }],
];
/** For a start tag: the open elements the standard closes before inserting it. */
export const CLOSED_BY_OPENING: ReadonlyMap<string, ImpliedEnd> = new Map(implied);
