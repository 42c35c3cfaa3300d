// The rule format: plain data, the same for built-in and user rules (see rules/README.md).

export type RulePhase = 'pre' | 'post' | 'text';

/** A set of rules loaded from one file: generic (no `match`) or for one site. */
export interface RuleSet {
  /** Where the set came from, for error messages and `rules list`. */
  source: string;
  id: string;
  description?: string;
  match?: { hosts: string[]; path?: string };
  /** Generic rule ids this set switches off where it matches. */
  disable?: string[];
  rules: Rule[];
}

export interface Rule {
  id: string;
  phase: RulePhase;
  action: string;
  why?: string;
  [field: string]: unknown;
}
