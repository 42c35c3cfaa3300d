// rules/generic/consent-cmp.yaml is generated from the installed @duckduckgo/autoconsent: it must match what the
// script produces now (so it cannot go stale silently), and every selector in it must pass the safety filter.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { isSafeSelector, isStructurallySafe } from '../scripts/derive-consent-cmp-rules.js';
import { selectorParts } from '../src/rules/selector-needs.js';

const SCRIPT = new URL('../scripts/derive-consent-cmp-rules.ts', import.meta.url).pathname;
const FILE = new URL('../rules/generic/consent-cmp.yaml', import.meta.url).pathname;

describe('consent-platform rules derived from autoconsent', () => {
  it('match what the script derives from the installed package', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', SCRIPT, '--check'], { encoding: 'utf-8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  const data = parse(readFileSync(FILE, 'utf-8')) as {
    rules: { id: string; selector: string; when: { notHas?: string } }[];
  };

  it('keep only selectors a page of any site can safely lose', () => {
    const selectors = data.rules.flatMap((rule) => selectorParts(rule.selector).map((part) => part.source));
    expect(selectors.length).toBeGreaterThan(50);
    for (const selector of selectors) expect(isStructurallySafe(selector), selector).toBe(true);
    for (const rule of data.rules) expect(rule.when.notHas).toContain('article');
  });

  it('filter out generic, structural and link selectors', () => {
    for (const unsafe of [
      'body',
      'html.show--consent #cm',
      '.modal',
      '#main',
      'div[role=dialog]',
      '.message-overlay',
    ]) {
      expect(isSafeSelector(unsafe, 'Sourcepoint-frame'), unsafe).toBe(false);
    }
    expect(isSafeSelector('a[href^="https://policies.google.com/technologies/cookies"]', 'google')).toBe(false);
    expect(isSafeSelector('body.cookie-consent-open', 'x')).toBe(false);
    expect(isSafeSelector('div:has(> p > a[href*=cookies])', 'x')).toBe(false);
    expect(isSafeSelector('#onetrust-banner-sdk', 'Onetrust')).toBe(true);
    expect(isSafeSelector('.klaro', 'Klaro')).toBe(true);
    expect(isSafeSelector('.klaro', 'Other')).toBe(false);
  });
});
