// The site's name comes off a title only on evidence: the stated site name or the host, beside a separator.

import { describe, expect, it } from 'vitest';
import { withoutSiteName } from '../src/stages/site-name-title.js';

const at = (url: string, siteName?: string) => ({ url, siteName });

describe('withoutSiteName', () => {
  it.each([
    [
      'Storm hits coast | The Daily Bugle',
      at('https://www.dailybugle.example/news/1', 'The Daily Bugle'),
      'Storm hits coast',
    ],
    [
      'The Daily Bugle – Storm hits coast',
      at('https://www.dailybugle.example/news/1', 'The Daily Bugle'),
      'Storm hits coast',
    ],
    [
      'Leasing or buying » the big comparison | FINANZCHECK.de',
      at('https://www.finanzcheck.de/x'),
      'Leasing or buying » the big comparison',
    ],
    ['Masks stolen from Kobe hospital - TheHill', at('https://thehill.com/a'), 'Masks stolen from Kobe hospital'],
    ['Tide tables for the bay · bbc', at('https://www.bbc.co.uk/news/1'), 'Tide tables for the bay'],
    ['এমপির ভাইকে নিজ বাড়ির সামনেই | UKBDNEWS', at('https://ukbdnews.com/a'), 'এমপির ভাইকে নিজ বাড়ির সামনেই'],
  ])('takes the name off %j', (title, evidence, expected) => {
    expect(withoutSiteName(title, evidence)).toBe(expected);
  });

  it.each([
    // No part is the site's name: a headline with a colon or a dash of its own.
    ['Paris: the return of the tram', at('https://www.dailybugle.example/a', 'The Daily Bugle')],
    ['Storm hits coast - residents evacuated', at('https://www.dailybugle.example/a', 'The Daily Bugle')],
    // No evidence at all (a file, no site name).
    ['Storm hits coast | The Daily Bugle', { url: undefined, siteName: undefined }],
    // A hyphenated word is no separator.
    ['Daily-Bugle review of the year', at('https://dailybugle.example/a')],
    // Too little would be left.
    ['Home | The Daily Bugle', at('https://dailybugle.example/', 'The Daily Bugle')],
  ])('leaves %j whole', (title, evidence) => {
    expect(withoutSiteName(title, evidence)).toBe(title);
  });

  it('takes only the name, not a section beside it', () => {
    expect(withoutSiteName('Fine for a lawyer | Law | Haufe', at('https://www.haufe.de/recht/x'))).toBe(
      'Fine for a lawyer | Law',
    );
  });
});
