// The rule format: plain data, the same for built-in and user rules (documented in rules/README.md).

import type { SiteDirectives } from '../sites/site-config-types.js';

export type RulePhase = 'pre' | 'post' | 'text';

/** The closed set of actions a rule can take; each has its own module in src/rules/actions/. */
export type ActionName =
  | 'remove'
  | 'unwrap'
  | 'drop-from-here-on'
  | 'dedupe'
  | 'unhide'
  | 'heading-block'
  | 'trim-edges'
  | 'fold-caption'
  | 'remove-attribute'
  | 'strip-credit';

/** Conditions an element (or text paragraph) must meet, all of them, for the action to apply. */
export interface RuleConditions {
  /**
   * Regular expression (case-insensitive, Unicode) the element's normalised text must match. In a file,
   * this and the other text conditions may also be a list of expressions, any of which may match.
   */
  text?: string;
  /** Regular expression the text must NOT match. */
  notText?: string;
  /** Bounds on the length of the normalised text, in characters. */
  minChars?: number;
  maxChars?: number;
  /** Bounds on the share of the text that sits inside links (0–1). */
  minLinkDensity?: number;
  maxLinkDensity?: number;
  /** The element must contain a descendant matching this selector… */
  has?: string;
  /** …and, when given, one whose text matches this regular expression. */
  hasText?: string;
  /** The element must NOT contain a descendant matching this selector (a guard against eating the article). */
  notHas?: string;
  /** The element itself must match this selector (a paragraph, not a heading, say). */
  matches?: string;
  /** The previous or next sibling element (text phase: paragraph) must match this regular expression. */
  adjacentText?: string;
  /**
   * The next sibling element must NOT be, nor contain, an element matching this selector: a label ("See more
   * photos:") that introduces content which stays is part of that content.
   */
  notBefore?: string;
  /**
   * The element holds at least this many links, and every one of them jumps to a heading elsewhere on the same page
   * (its fragment names a heading, an element inside one, or an anchor right before one): a table of contents.
   */
  minLinksToHeadings?: number;
}

/** One rule as written in a file. */
export interface Rule {
  /** Unique id, used by --disable-rule, site `disable` lists and the trace. */
  id: string;
  phase: RulePhase;
  action: ActionName;
  /** Why the rule exists; site rules must say why no generic rule can do it. */
  why: string;
  /** CSS selector for DOM phases (pre, post); ignored by text rules. */
  selector?: string;
  /**
   * Pre phase, instead of `selector`: XPath 1.0 expressions, any of which may select (evaluated on the whole
   * page, as Full-Text RSS site configs are; see src/rules/xpath/).
   */
  xpath?: string[];
  when?: RuleConditions;
  /** DOM phases: of nested matches, act on the outermost (default) or only on the innermost. */
  pick?: 'outermost' | 'innermost';
  /** dedupe: compare texts exactly or after stripping credits/punctuation/case ("near"). */
  similarity?: 'exact' | 'near';
  /** dedupe (DOM phases): compare with every earlier match (all, default) or only the match just before, with no text between (adjacent). */
  scope?: 'all' | 'adjacent';
  /** trim-edges: which end of the article to trim (default both). */
  edge?: 'start' | 'end' | 'both';
  /** trim-edges: further condition sets; a block meeting any of them (or `when`) is trimmed too. */
  orWhen?: RuleConditions[];
  /**
   * trim-edges: the edge zone ends at the first block (from that edge) meeting these conditions, and every block
   * in the zone meeting `when`/`orWhen` goes; without it, trimming stops at the first block that does not.
   */
  until?: RuleConditions;
  /**
   * remove, heading-block, trim-edges: never take article content with the clutter. An element holding a content
   * image (not an icon, a logo or a link's picture), a figure with one, or a paragraph of prose is left alone
   * (trim-edges passes over a block holding an image). On by default in the post phase, off in the pre phase
   * (a consent banner holds a logo and a sentence of prose); `false` switches it off, `true` on.
   */
  spareContent?: boolean;
  /** fold-caption: fold only a block that repeats its image's alt text (for blocks no markup calls a caption). */
  altCopyOnly?: boolean;
  /** heading-block: conditions the blocks after the heading must meet to be removed with it. */
  following?: RuleConditions;
  /**
   * heading-block: remove a heading only together with at least one block meeting `following`, never as an empty
   * section (for rules that match headings by their shape, not their words).
   */
  requireFollowing?: boolean;
}

/** A set of rules loaded from one file: generic (no `match`) or for one site. */
export interface RuleSet {
  /** Where the set came from (file path), for error messages and `rules list`. */
  source: string;
  id: string;
  description?: string;
  /** Site sets: hosts (`example.com` also matches its subdomains; `*.example.com` only subdomains) and an optional path regex. */
  match?: { hosts: string[]; path?: string };
  /** Generic rule ids this set switches off where it matches. */
  disable?: string[];
  rules: Rule[];
  /**
   * A Full-Text RSS site config (read from its .txt file, src/sites/): its host, matched as its README says,
   * and the directives that are not DOM rules (body, title, author, date, replacements, page links).
   */
  site?: SiteDirectives;
}
