// Checks that parsed YAML/JSON follows the rule format; every error names the file, the rule and the field.

import { InvalidRuleError } from '../errors.js';
import { ACTION_NAMES, actionFor } from './actions/index.js';
import type { ActionName, Rule, RuleConditions, RulePhase, RuleSet } from './rule-types.js';

const PHASES: readonly RulePhase[] = ['pre', 'post', 'text'];
const SET_FIELDS = new Set(['id', 'description', 'match', 'disable', 'rules']);
const RULE_FIELDS = new Set([
  'id',
  'phase',
  'action',
  'why',
  'selector',
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
]);
/** The actions that can spare content (see Rule.spareContent). */
const SPARING_ACTIONS: readonly ActionName[] = ['remove', 'heading-block', 'trim-edges'];
/** Conditions that look inside or around an element: meaningless for the paragraphs of a text dump. */
const DOM_ONLY_CONDITIONS: readonly (keyof RuleConditions)[] = [
  'has',
  'hasText',
  'notHas',
  'matches',
  'minLinkDensity',
  'maxLinkDensity',
];

/** Validates one parsed rule file and returns it typed; throws InvalidRuleError on the first problem. */
export function validateRuleSet(data: unknown, source: string, checkSelector: (selector: string) => boolean): RuleSet {
  const fail = (where: string, problem: string): never => {
    throw new InvalidRuleError(`${source}: ${where}: ${problem}`);
  };
  if (!isRecord(data)) return fail('file', 'expected a mapping with id and rules');
  for (const key of Object.keys(data)) if (!SET_FIELDS.has(key)) fail(`field '${key}'`, 'unknown field');
  const id = data.id;
  if (typeof id !== 'string' || !id) return fail("field 'id'", 'expected a non-empty string');
  const set: RuleSet = { source, id, rules: [] };
  if (data.description !== undefined) {
    if (typeof data.description !== 'string') fail("field 'description'", 'expected a string');
    else set.description = data.description;
  }
  if (data.match !== undefined) {
    const match = data.match;
    if (!isRecord(match)) return fail("field 'match'", 'expected a mapping with hosts');
    if (!Array.isArray(match.hosts) || match.hosts.length === 0 || !match.hosts.every(isHostPattern)) {
      return fail("field 'match.hosts'", 'expected a list of host names (example.com or *.example.com)');
    }
    set.match = { hosts: match.hosts as string[] };
    if (match.path !== undefined) {
      if (typeof match.path !== 'string' || !isRegExp(match.path))
        fail("field 'match.path'", 'expected a regular expression');
      else set.match.path = match.path;
    }
  }
  if (data.disable !== undefined) {
    if (!Array.isArray(data.disable) || !data.disable.every((item) => typeof item === 'string')) {
      return fail("field 'disable'", 'expected a list of rule ids');
    }
    set.disable = data.disable;
  }
  if (!Array.isArray(data.rules)) return fail("field 'rules'", 'expected a list of rules');
  const seen = new Set<string>();
  data.rules.forEach((raw: unknown, index) => {
    const rule = validateRule(raw, `rule #${index + 1}`, fail, checkSelector);
    if (seen.has(rule.id)) fail(`rule '${rule.id}'`, 'duplicate id');
    seen.add(rule.id);
    set.rules.push(rule);
  });
  return set;
}

function validateRule(
  raw: unknown,
  position: string,
  fail: (where: string, problem: string) => never,
  checkSelector: (selector: string) => boolean,
): Rule {
  if (!isRecord(raw)) return fail(position, 'expected a mapping');
  const name = typeof raw.id === 'string' && raw.id ? `rule '${raw.id}'` : position;
  const field = (key: string): string => `${name}: field '${key}'`;
  for (const key of Object.keys(raw)) if (!RULE_FIELDS.has(key)) fail(field(key), 'unknown field');
  if (typeof raw.id !== 'string' || !/^[a-z0-9][a-z0-9._/-]*$/.test(raw.id)) {
    fail(field('id'), 'expected lower-case letters, digits, ".", "_", "/" or "-"');
  }
  if (typeof raw.phase !== 'string' || !PHASES.includes(raw.phase as RulePhase)) {
    fail(field('phase'), `expected one of ${PHASES.join(', ')}`);
  }
  if (typeof raw.action !== 'string' || !ACTION_NAMES.includes(raw.action as Rule['action'])) {
    fail(field('action'), `expected one of ${ACTION_NAMES.join(', ')}`);
  }
  if (typeof raw.why !== 'string' || raw.why.trim().length < 10) fail(field('why'), 'say why the rule exists');
  const rule = { id: raw.id, phase: raw.phase, action: raw.action, why: raw.why } as Rule;
  const action = actionFor(rule.action);
  if (!action.phases.includes(rule.phase)) {
    fail(field('phase'), `action '${rule.action}' works in phases ${action.phases.join(', ')}`);
  }
  if (raw.selector !== undefined) {
    if (typeof raw.selector !== 'string' || !raw.selector.trim() || !checkSelector(raw.selector)) {
      fail(field('selector'), 'expected a valid CSS selector');
    }
    rule.selector = raw.selector;
  }
  if (rule.phase !== 'text' && rule.selector === undefined) fail(field('selector'), 'required for pre and post rules');
  if (rule.phase === 'text' && rule.selector !== undefined) fail(field('selector'), 'text rules have no selector');
  if (raw.similarity !== undefined) {
    if (rule.action !== 'dedupe') fail(field('similarity'), 'only for the dedupe action');
    if (raw.similarity !== 'exact' && raw.similarity !== 'near') fail(field('similarity'), 'expected exact or near');
    rule.similarity = raw.similarity;
  }
  if (raw.pick !== undefined) {
    if (rule.phase === 'text') fail(field('pick'), 'only for pre and post rules');
    if (raw.pick !== 'outermost' && raw.pick !== 'innermost') fail(field('pick'), 'expected outermost or innermost');
    rule.pick = raw.pick;
  }
  if (raw.when !== undefined) {
    rule.when = validateConditions(raw.when, `${name}: field 'when`, fail, checkSelector);
    if (rule.phase === 'text') {
      const domOnly = DOM_ONLY_CONDITIONS.find((key) => rule.when?.[key] !== undefined);
      if (domOnly) fail(`${name}: field 'when.${domOnly}'`, 'not available to text rules (no elements)');
    }
  }
  if (raw.scope !== undefined) {
    if (rule.action !== 'dedupe' || rule.phase === 'text')
      fail(field('scope'), 'only for dedupe in pre and post rules');
    if (raw.scope !== 'all' && raw.scope !== 'adjacent') fail(field('scope'), 'expected all or adjacent');
    rule.scope = raw.scope;
  }
  if (raw.edge !== undefined) {
    if (rule.action !== 'trim-edges') fail(field('edge'), 'only for the trim-edges action');
    if (raw.edge !== 'start' && raw.edge !== 'end' && raw.edge !== 'both')
      fail(field('edge'), 'expected start, end or both');
    rule.edge = raw.edge;
  }
  if (raw.orWhen !== undefined) {
    if (rule.action !== 'trim-edges') fail(field('orWhen'), 'only for the trim-edges action');
    if (!Array.isArray(raw.orWhen) || raw.orWhen.length === 0) fail(field('orWhen'), 'expected a list of conditions');
    rule.orWhen = (raw.orWhen as unknown[]).map((conditions, index) =>
      validateConditions(conditions, `${name}: field 'orWhen[${index}]`, fail, checkSelector),
    );
    if (rule.phase === 'text') {
      const domOnly = rule.orWhen.flatMap((set) => DOM_ONLY_CONDITIONS.filter((key) => set[key] !== undefined))[0];
      if (domOnly) fail(`${name}: field 'orWhen.${domOnly}'`, 'not available to text rules (no elements)');
    }
  }
  if (raw.until !== undefined) {
    if (rule.action !== 'trim-edges') fail(field('until'), 'only for the trim-edges action');
    rule.until = validateConditions(raw.until, `${name}: field 'until`, fail, checkSelector);
    if (rule.phase === 'text') {
      const domOnly = DOM_ONLY_CONDITIONS.find((key) => rule.until?.[key] !== undefined);
      if (domOnly) fail(`${name}: field 'until.${domOnly}'`, 'not available to text rules (no elements)');
    }
  }
  if (raw.altCopyOnly !== undefined) {
    if (rule.action !== 'fold-caption') fail(field('altCopyOnly'), 'only for the fold-caption action');
    if (typeof raw.altCopyOnly !== 'boolean') fail(field('altCopyOnly'), 'expected true or false');
    rule.altCopyOnly = raw.altCopyOnly;
  }
  if (raw.spareContent !== undefined) {
    if (!SPARING_ACTIONS.includes(rule.action) || rule.phase === 'text') {
      fail(field('spareContent'), 'only for remove, heading-block and trim-edges in the pre and post phases');
    }
    if (typeof raw.spareContent !== 'boolean') fail(field('spareContent'), 'expected true or false');
    rule.spareContent = raw.spareContent;
  }
  if (raw.following !== undefined) {
    if (rule.action !== 'heading-block') fail(field('following'), 'only for the heading-block action');
    rule.following = validateConditions(raw.following, `${name}: field 'following`, fail, checkSelector);
    if (rule.phase === 'text') {
      const domOnly = DOM_ONLY_CONDITIONS.find((key) => rule.following?.[key] !== undefined);
      if (domOnly) fail(`${name}: field 'following.${domOnly}'`, 'not available to text rules (no elements)');
    }
  }
  return rule;
}

function validateConditions(
  raw: unknown,
  prefix: string,
  fail: (where: string, problem: string) => never,
  checkSelector: (selector: string) => boolean,
): RuleConditions {
  if (!isRecord(raw)) return fail(`${prefix}'`, 'expected a mapping of conditions');
  const conditions: RuleConditions = {};
  for (const [key, value] of Object.entries(raw)) {
    const where = `${prefix}.${key}'`;
    if (!CONDITION_FIELDS.has(key as keyof RuleConditions)) fail(where, 'unknown condition');
    switch (key) {
      case 'text':
      case 'notText':
      case 'hasText':
      case 'adjacentText':
        conditions[key] = validatePattern(value, `${prefix}.${key}`, fail);
        break;
      case 'has':
      case 'notHas':
      case 'matches':
        if (typeof value !== 'string' || !checkSelector(value)) fail(where, 'expected a valid CSS selector');
        conditions[key] = value;
        break;
      case 'minChars':
      case 'maxChars':
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) fail(where, 'expected a whole number');
        conditions[key] = value;
        break;
      case 'minLinkDensity':
      case 'maxLinkDensity':
        if (typeof value !== 'number' || value < 0 || value > 1) fail(where, 'expected a number from 0 to 1');
        conditions[key] = value;
        break;
    }
  }
  if (conditions.hasText !== undefined && conditions.has === undefined) fail(`${prefix}.hasText'`, 'needs has');
  return conditions;
}

/**
 * A text condition: one regular expression, or a list of them (any may match), which reads better for
 * word lists in several languages. A list is stored as one alternation.
 */
function validatePattern(value: unknown, field: string, fail: (where: string, problem: string) => never): string {
  if (typeof value === 'string') {
    if (!isRegExp(value)) fail(`${field}'`, 'expected a regular expression');
    return value;
  }
  if (!Array.isArray(value) || value.length === 0)
    return fail(`${field}'`, 'expected a regular expression or a list of them');
  value.forEach((item: unknown, index) => {
    if (typeof item !== 'string' || !isRegExp(item)) fail(`${field}[${index}]'`, 'expected a regular expression');
  });
  return (value as string[]).map((item) => `(?:${item})`).join('|');
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
