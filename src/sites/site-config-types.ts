// The parts of a Full-Text RSS site config that are not DOM rules, as read from its .txt file.
//
// A site config becomes a rule set (src/rules/rule-types.ts): its strip, strip_id_or_class, strip_image_src,
// dissolve and strip_attr lines are pre-phase rules like any other, and everything else lives here, on
// the set, for the stages that act on it (src/sites/). All of it is plain data (built into the rules
// artefact, sent to batch workers).

/** One XPath expression of a directive, with the line of the file it came from. */
export interface XPathLine {
  xpath: string;
  line: number;
}

/** A find_string / replace_string pair, or a `replace_string(find): replace` line. */
export interface Replacement {
  find: string;
  replace: string;
  line: number;
}

/** A test_url with the test_contains lines after it: a page of the site and text its article must hold. */
export interface SiteTest {
  url: string;
  contains: string[];
  line: number;
}

/** A directive the reader does not act on, and why (shown by `declutter rules check`). */
export interface IgnoredDirective {
  directive: string;
  line: number;
  reason: string;
}

export interface SiteDirectives {
  /**
   * The config's name: its file name without `.txt`. `example.com` is for example.com and www.example.com,
   * `.example.com` for every subdomain of example.com but www (the set's README).
   */
  host: string;
  /** The article container: the first expression that selects elements wins. */
  body?: XPathLine[];
  /** `prune: no`: the container is taken as the site gives it, without Readability's clean-up inside it. */
  prune?: boolean;
  title?: XPathLine[];
  author?: XPathLine[];
  date?: XPathLine[];
  /** Applied to the page's decoded text before it is parsed. */
  replace?: Replacement[];
  singlePageLink?: XPathLine[];
  nextPageLink?: XPathLine[];
  tests?: SiteTest[];
  ignored?: IgnoredDirective[];
}
