// Rule families for the report: which family a rule id belongs to, and how its marks look (colour, pattern, label).

/** A family of rules, told apart in the report by colour and, for readers who do not see colour, by pattern and name. */
export interface RuleFamily {
  /** Used in class names: `dcl-fam-<key>`. */
  key: FamilyKey;
  /** What the legend calls it. */
  label: string;
  /** Outline and pattern colour; the Okabe–Ito palette, told apart by the common colour-vision deficiencies. */
  colour: string;
  /** The CSS background that fills a mark: a pattern of its own per family (no two share stripe directions), readable in grey. */
  pattern: string;
}

export type FamilyKey = 'consent' | 'captions' | 'related' | 'edges' | 'ui' | 'site' | 'other';

const stripes = (colour: string, angle: number, width = 6): string =>
  `repeating-linear-gradient(${angle}deg, ${colour}33 0 ${width}px, transparent ${width}px ${width * 2}px)`;

/** In legend order. Site rules are told by their set (the trace's `site`); the others by their id's prefix. */
export const FAMILIES: readonly RuleFamily[] = [
  { key: 'consent', label: 'consent notices', colour: '#D55E00', pattern: stripes('#D55E00', 45) },
  { key: 'captions', label: 'repeated captions', colour: '#0072B2', pattern: stripes('#0072B2', 0, 4) },
  { key: 'related', label: 'footers, related and trending', colour: '#CC79A7', pattern: stripes('#CC79A7', 90) },
  {
    key: 'edges',
    label: 'edges of the article',
    colour: '#E69F00',
    pattern: 'radial-gradient(#E69F0066 1.5px, transparent 2px) 0 0 / 8px 8px',
  },
  {
    key: 'ui',
    label: 'share bars, labels, UI',
    colour: '#009E73',
    pattern: `${stripes('#009E73', 45, 4)}, ${stripes('#009E73', -45, 4)}`,
  },
  { key: 'site', label: 'site rules', colour: '#56B4E9', pattern: stripes('#56B4E9', -45) },
  {
    key: 'other',
    label: 'other rules (user rule files)',
    colour: '#555555',
    pattern: `${stripes('#555555', 0, 3)}, ${stripes('#555555', 90, 3)}`,
  },
];

const PREFIXES: Readonly<Record<string, FamilyKey>> = {
  consent: 'consent',
  captions: 'captions',
  related: 'related',
  footers: 'related',
  edges: 'edges',
  ui: 'ui',
};

/**
 * The family of a traced change: a site rule's (the trace names its site set, whatever the rule's id), else by the
 * rule id's first segment (`consent/cmp` → consent, `captions/fold` → captions, `mine/promo` → other).
 */
export function familyOf(entry: { ruleId: string; site?: string }): RuleFamily {
  const prefix = entry.ruleId.split('/', 1)[0]?.toLowerCase() ?? '';
  const key = entry.site !== undefined ? 'site' : Object.hasOwn(PREFIXES, prefix) ? PREFIXES[prefix] : undefined;
  return FAMILIES.find((family) => family.key === (key ?? 'other')) as RuleFamily;
}

/** What an action did to its element, as the report shows it. */
export type ChangeKind = 'removed' | 'folded' | 'unwrapped' | 'unhidden' | 'edited';

/**
 * fold-caption moves the caption's words onto its image; unwrap and unhide keep the content; strip-credit and
 * remove-attribute change an attribute of an element that stays; the rest remove it.
 */
export function changeKindOf(action: string): ChangeKind {
  switch (action) {
    case 'fold-caption':
      return 'folded';
    case 'unwrap':
      return 'unwrapped';
    case 'unhide':
      return 'unhidden';
    case 'strip-credit':
    case 'remove-attribute':
      return 'edited';
    default:
      return 'removed';
  }
}

export const CHANGE_LABELS: Readonly<Record<ChangeKind, string>> = {
  removed: 'removed',
  folded: 'folded into its image',
  unwrapped: 'unwrapped (content kept)',
  unhidden: 'unhidden (content kept)',
  edited: 'an attribute changed (element kept)',
};
