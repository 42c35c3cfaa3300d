// Checks that parsed YAML/JSON follows the rule format; every problem names the file, the rule and the field,
// and all of a file's problems are reported together.

import { InvalidRuleError } from '../errors.js';
import { ACTION_NAMES, actionFor } from './actions/index.js';
import { SPARING_ACTIONS } from './compile-rules.js';
import type { Rule, RuleConditions, RulePhase, RuleSet } from './rule-types.js';

const PHASES: readonly RulePhase[] = ['pre', 'post', 'text'];
const SET_FIELDS = new Set(['id', 'description', 'match', 'disable', 'rules']);
const RULE_FIELDS = new Set([
  'id',
  'phase',
  'action',
  'why',
  'selector',
  'xpath',
  'when',
  'pick',
  'similarity',
  'scope',
  'following',
  'edge',
  'orWhen',
  'until',
  'altCopyOnly',
  'spareContent',
  'requireFollowing',
]);
const CONDITION_FIELDS = new Set<keyof RuleConditions>([
  'text',
  'notText',
  'minChars',
  'maxChars',
  'minLinkDensity',
  'maxLinkDensity',
  'has',
  'hasText',
  'notHas',
  'matches',
  'adjacentText',
  'notBefore',
  'minLinksToHeadings',
]);
/** Conditions that look inside or around an element: meaningless for the paragraphs of a text dump. */
const DOM_ONLY_CONDITIONS: readonly (keyof RuleConditions)[] = [
  'has',
  'hasText',
  'notHas',
  'notBefore',
  'matches',
  'minLinkDensity',
  'maxLinkDensity',
  'minLinksToHeadings',
];

/** Actions that can find their elements by XPath (they act on what they find, nothing around it). */
const XPATH_ACTIONS: readonly Rule['action'][] = ['remove', 'unwrap', 'unhide', 'remove-attribute'];

/** Rule and set ids: lower-case `/`-separated segments (`captions/fold`, `site/example.com`; rule-ids.ts). */
const ID_PATTERN = /^[a-z0-9][a-z0-9._-]*(?:\/[a-z0-9][a-z0-9._-]*)*$/;
const ID_EXPECTED = 'expected lower-case letters, digits, ".", "_" or "-", in segments joined by "/"';

/** Records one problem (where, what) and goes on, so a file's every problem is reported at once. */
type Report = (where: string, problem: string) => void;

/** Whether a selector or an XPath expression is one (jsdom decides; see load-rules.ts). */
type Check = (expression: string) => boolean;

/**
 * Validates one parsed rule file and returns it typed. Every problem is found before it throws: the
 * InvalidRuleError lists them all (`problems`), its message names the first.
 */
export function validateRuleSet(
  data: unknown,
  source: string,
  checkSelector: Check,
  checkXPath: Check = () => true,
): RuleSet {
  const { set, problems } = inspectRuleSet(data, source, checkSelector, checkXPath);
  if (problems.length > 0 || set === undefined) throw ruleFileError(problems);
  return set;
}

/** Every problem of one parsed rule file, and the set as far as it could be read (for `rules check`). */
export function inspectRuleSet(
  data: unknown,
  source: string,
  checkSelector: Check,
  checkXPath: Check = () => true,
): { set: RuleSet | undefined; problems: string[] } {
  const problems: string[] = [];
  const report: Report = (where, problem) => void problems.push(`${source}: ${where}: ${problem}`);
  const set = readRuleSet(data, source, report, checkSelector, checkXPath);
  return { set, problems };
}

/** One error for all the problems of a file: the message is the first (and how many more), one line. */
export function ruleFileError(problems: readonly string[]): InvalidRuleError {
  const more = problems.length - 1;
  const message =
    more > 0 ? `${problems[0]} (and ${more} more problem${more === 1 ? '' : 's'}: declutter rules check)` : problems[0];
  return new InvalidRuleError(message ?? 'invalid rule file', problems);
}

function readRuleSet(
  data: unknown,
  source: string,
  report: Report,
  checkSelector: Check,
  checkXPath: Check,
): RuleSet | undefined {
  if (!isRecord(data)) {
    report('file', 'expected a mapping with id and rules');
    return undefined;
  }
  for (const key of Object.keys(data)) if (!SET_FIELDS.has(key)) report(`field '${key}'`, 'unknown field');
  const id = data.id;
  if (typeof id !== 'string' || !id) report("field 'id'", 'expected a non-empty string');
  else if (!ID_PATTERN.test(id)) report("field 'id'", ID_EXPECTED);
  const set: RuleSet = { source, id: typeof id === 'string' ? id : '', rules: [] };
  if (data.description !== undefined) {
    if (typeof data.description !== 'string') report("field 'description'", 'expected a string');
    else set.description = data.description;
  }
  if (data.match !== undefined) {
    const match = data.match;
    if (!isRecord(match)) report("field 'match'", 'expected a mapping with hosts');
    else {
      if (!Array.isArray(match.hosts) || match.hosts.length === 0 || !match.hosts.every(isHostPattern)) {
        report("field 'match.hosts'", 'expected a list of host names (example.com or *.example.com)');
      }
      set.match = { hosts: Array.isArray(match.hosts) ? (match.hosts as string[]) : [] };
      if (match.path !== undefined) {
        if (typeof match.path !== 'string' || !isRegExp(match.path))
          report("field 'match.path'", 'expected a regular expression');
        else set.match.path = match.path;
      }
    }
  }
  if (data.disable !== undefined) {
    if (!Array.isArray(data.disable) || !data.disable.every((item) => typeof item === 'string')) {
      report("field 'disable'", 'expected a list of rule ids');
    } else set.disable = data.disable;
  }
  if (!Array.isArray(data.rules)) {
    report("field 'rules'", 'expected a list of rules');
    return set;
  }
  const seen = new Set<string>();
  data.rules.forEach((raw: unknown, index) => {
    const rule = validateRule(raw, `rule #${index + 1}`, report, checkSelector, checkXPath);
    if (rule === undefined) return;
    if (seen.has(rule.id)) report(`rule '${rule.id}'`, 'duplicate id');
    seen.add(rule.id);
    set.rules.push(rule);
  });
  return set;
}

/** One rule; undefined when it is not even a mapping. Problems are reported, not thrown. */
function validateRule(
  raw: unknown,
  position: string,
  report: Report,
  checkSelector: (selector: string) => boolean,
  checkXPath: Check,
): Rule | undefined {
  if (!isRecord(raw)) {
    report(position, 'expected a mapping');
    return undefined;
  }
  const name = typeof raw.id === 'string' && raw.id ? `rule '${raw.id}'` : position;
  const field = (key: string): string => `${name}: field '${key}'`;
  const fail = (key: string, problem: string): void => report(field(key), problem);
  for (const key of Object.keys(raw)) if (!RULE_FIELDS.has(key)) fail(key, 'unknown field');
  if (typeof raw.id !== 'string' || !ID_PATTERN.test(raw.id)) fail('id', ID_EXPECTED);
  const phaseOk = typeof raw.phase === 'string' && PHASES.includes(raw.phase as RulePhase);
  if (!phaseOk) fail('phase', `expected one of ${PHASES.join(', ')}`);
  const actionOk = typeof raw.action === 'string' && ACTION_NAMES.includes(raw.action as Rule['action']);
  if (!actionOk) fail('action', `expected one of ${ACTION_NAMES.join(', ')}`);
  if (typeof raw.why !== 'string' || raw.why.trim().length < 10) fail('why', 'say why the rule exists');
  const rule = { id: raw.id, phase: raw.phase, action: raw.action, why: raw.why } as Rule;
  if (phaseOk && actionOk) {
    const action = actionFor(rule.action);
    if (!action.phases.includes(rule.phase)) {
      fail('phase', `action '${rule.action}' works in phases ${action.phases.join(', ')}`);
    }
  }
  if (raw.selector !== undefined) {
    if (typeof raw.selector !== 'string' || !raw.selector.trim() || !checkSelector(raw.selector)) {
      fail('selector', 'expected a valid CSS selector');
    }
    rule.selector = raw.selector as string;
  }
  if (raw.xpath !== undefined) {
    const list: unknown[] = Array.isArray(raw.xpath) ? raw.xpath : [raw.xpath];
    if (rule.phase !== 'pre' || !XPATH_ACTIONS.includes(rule.action)) {
      fail('xpath', `only for pre rules with action ${XPATH_ACTIONS.join(', ')}`);
    }
    if (rule.selector !== undefined) fail('xpath', 'give a selector or an xpath, not both');
    if (list.length === 0) fail('xpath', 'expected an XPath expression or a list of them');
    list.forEach((item, index) => {
      if (typeof item !== 'string' || !item.trim() || !checkXPath(item)) {
        report(
          `${name}: field 'xpath${Array.isArray(raw.xpath) ? `[${index}]` : ''}'`,
          'expected a valid XPath expression',
        );
      }
    });
    rule.xpath = list as string[];
  }
  if (rule.action === 'remove-attribute' && rule.xpath === undefined) {
    fail('xpath', 'required for remove-attribute (an XPath that selects attributes, //img/@srcset)');
  }
  if (phaseOk && rule.phase !== 'text' && rule.selector === undefined && rule.xpath === undefined) {
    fail('selector', 'required for pre and post rules (or, in pre, an xpath)');
  }
  if (rule.phase === 'text' && rule.selector !== undefined) fail('selector', 'text rules have no selector');
  if (raw.similarity !== undefined) {
    if (rule.action !== 'dedupe') fail('similarity', 'only for the dedupe action');
    else if (raw.similarity !== 'exact' && raw.similarity !== 'near') fail('similarity', 'expected exact or near');
    else rule.similarity = raw.similarity;
  }
  if (raw.pick !== undefined) {
    if (rule.phase === 'text') fail('pick', 'only for pre and post rules');
    else if (raw.pick !== 'outermost' && raw.pick !== 'innermost') fail('pick', 'expected outermost or innermost');
    else rule.pick = raw.pick;
  }
  /** Conditions that look at elements make no sense on the paragraphs of a text dump. */
  const noDomConditions = (key: string, sets: readonly RuleConditions[]): void => {
    if (rule.phase !== 'text') return;
    const domOnly = sets.flatMap((conditions) =>
      DOM_ONLY_CONDITIONS.filter((name) => conditions[name] !== undefined),
    )[0];
    if (domOnly) report(`${name}: field '${key}.${domOnly}'`, 'not available to text rules (no elements)');
  };
  if (raw.when !== undefined) {
    rule.when = validateConditions(raw.when, `${name}: field 'when`, report, checkSelector);
    noDomConditions('when', [rule.when]);
  }
  if (raw.scope !== undefined) {
    if (rule.action !== 'dedupe' || rule.phase === 'text') fail('scope', 'only for dedupe in pre and post rules');
    else if (raw.scope !== 'all' && raw.scope !== 'adjacent') fail('scope', 'expected all or adjacent');
    else rule.scope = raw.scope;
  }
  if (raw.edge !== undefined) {
    if (rule.action !== 'trim-edges') fail('edge', 'only for the trim-edges action');
    else if (raw.edge !== 'start' && raw.edge !== 'end' && raw.edge !== 'both')
      fail('edge', 'expected start, end or both');
    else rule.edge = raw.edge;
  }
  if (raw.orWhen !== undefined) {
    if (rule.action !== 'trim-edges') fail('orWhen', 'only for the trim-edges action');
    else if (!Array.isArray(raw.orWhen) || raw.orWhen.length === 0) fail('orWhen', 'expected a list of conditions');
    else {
      rule.orWhen = (raw.orWhen as unknown[]).map((conditions, index) =>
        validateConditions(conditions, `${name}: field 'orWhen[${index}]`, report, checkSelector),
      );
      noDomConditions('orWhen', rule.orWhen);
    }
  }
  if (raw.until !== undefined) {
    if (rule.action !== 'trim-edges') fail('until', 'only for the trim-edges action');
    else {
      rule.until = validateConditions(raw.until, `${name}: field 'until`, report, checkSelector);
      noDomConditions('until', [rule.until]);
    }
  }
  if (raw.altCopyOnly !== undefined) {
    if (rule.action !== 'fold-caption') fail('altCopyOnly', 'only for the fold-caption action');
    else if (typeof raw.altCopyOnly !== 'boolean') fail('altCopyOnly', 'expected true or false');
    else rule.altCopyOnly = raw.altCopyOnly;
  }
  if (raw.spareContent !== undefined) {
    if (!SPARING_ACTIONS.includes(rule.action) || rule.phase === 'text') {
      fail(field('spareContent'), 'only for remove, heading-block and trim-edges in the pre and post phases');
    } else if (typeof raw.spareContent !== 'boolean') fail(field('spareContent'), 'expected true or false');
    else rule.spareContent = raw.spareContent;
  }
  if (raw.requireFollowing !== undefined) {
    if (rule.action !== 'heading-block') fail(field('requireFollowing'), 'only for the heading-block action');
    else if (typeof raw.requireFollowing !== 'boolean') fail(field('requireFollowing'), 'expected true or false');
    else rule.requireFollowing = raw.requireFollowing;
  }
  if (raw.following !== undefined) {
    if (rule.action !== 'heading-block') fail('following', 'only for the heading-block action');
    else {
      rule.following = validateConditions(raw.following, `${name}: field 'following`, report, checkSelector);
      noDomConditions('following', [rule.following]);
    }
  }
  return rule;
}

function validateConditions(
  raw: unknown,
  prefix: string,
  report: Report,
  checkSelector: (selector: string) => boolean,
): RuleConditions {
  const conditions: RuleConditions = {};
  if (!isRecord(raw)) {
    report(`${prefix}'`, 'expected a mapping of conditions');
    return conditions;
  }
  for (const [key, value] of Object.entries(raw)) {
    const where = `${prefix}.${key}'`;
    if (!CONDITION_FIELDS.has(key as keyof RuleConditions)) report(where, 'unknown condition');
    switch (key) {
      case 'text':
      case 'notText':
      case 'hasText':
      case 'adjacentText': {
        const pattern = validatePattern(value, `${prefix}.${key}`, report);
        if (pattern !== undefined) conditions[key] = pattern;
        break;
      }
      case 'has':
      case 'notHas':
      case 'notBefore':
      case 'matches':
        if (typeof value !== 'string' || !checkSelector(value)) report(where, 'expected a valid CSS selector');
        else conditions[key] = value;
        break;
      case 'minChars':
      case 'maxChars':
      case 'minLinksToHeadings':
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
          report(where, 'expected a whole number');
        else conditions[key] = value;
        break;
      case 'minLinkDensity':
      case 'maxLinkDensity':
        if (typeof value !== 'number' || value < 0 || value > 1) report(where, 'expected a number from 0 to 1');
        else conditions[key] = value;
        break;
    }
  }
  if (raw.hasText !== undefined && raw.has === undefined) report(`${prefix}.hasText'`, 'needs has');
  return conditions;
}

/**
 * A text condition: one regular expression, or a list of them (any may match), which reads better for
 * word lists in several languages. A list is stored as one alternation; undefined when it is invalid.
 */
function validatePattern(value: unknown, field: string, report: Report): string | undefined {
  if (typeof value === 'string') {
    if (isRegExp(value)) return value;
    report(`${field}'`, 'expected a regular expression');
    return undefined;
  }
  if (!Array.isArray(value) || value.length === 0) {
    report(`${field}'`, 'expected a regular expression or a list of them');
    return undefined;
  }
  let valid = true;
  value.forEach((item: unknown, index) => {
    if (typeof item !== 'string' || !isRegExp(item)) {
      report(`${field}[${index}]'`, 'expected a regular expression');
      valid = false;
    }
  });
  return valid ? (value as string[]).map((item) => `(?:${item})`).join('|') : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isHostPattern(value: unknown): boolean {
  return typeof value === 'string' && /^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(value);
}

function isRegExp(source: string): boolean {
  try {
    new RegExp(source, 'iu');
    return true;
  } catch {
    return false;
  }
}
