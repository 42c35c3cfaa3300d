// Runs every golden fixture: expected Markdown, must / mustNot strings, metadata and encoding.
// Goldens are only rewritten by `npm run test:update` (UPDATE_GOLDENS=1), never by a normal run.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { declutter } from '../src/index.js';
import { discoverFixtures, fixtureOptions } from './support/fixtures.js';

const updating = process.env.UPDATE_GOLDENS === '1';
const fixtures = discoverFixtures();

describe('golden fixtures', () => {
  it('finds fixtures', () => {
    expect(fixtures.length).toBeGreaterThan(0);
  });

  for (const fixture of fixtures) {
    it(fixture.id, () => {
      const result = declutter(readFileSync(fixture.sourcePath), fixtureOptions(fixture));
      const markdown = result.markdown;
      for (const text of fixture.meta.must ?? []) expect(markdown, `must contain: ${text}`).toContain(text);
      for (const text of fixture.meta.mustNot ?? []) expect(markdown, `must not contain: ${text}`).not.toContain(text);
      for (const text of fixture.meta.textOnce ?? []) {
        expect(result.text.split(text).length - 1, `text must contain once: ${text}`).toBe(1);
      }
      for (const [field, value] of Object.entries(fixture.meta.metadata ?? {})) {
        expect(result.metadata[field as keyof typeof result.metadata], `metadata.${field}`).toBe(value);
      }
      if (fixture.meta.encoding !== undefined) expect(result.encoding).toBe(fixture.meta.encoding);
      if (fixture.meta.encodingSource !== undefined) expect(result.encodingSource).toBe(fixture.meta.encodingSource);
      for (const warning of fixture.meta.warnings ?? []) {
        expect(result.warnings.join('\n'), `warning: ${warning}`).toContain(warning);
      }
      if (updating) {
        writeFileSync(fixture.expectedPath, `${markdown}\n`);
        return;
      }
      expect(existsSync(fixture.expectedPath), `${fixture.expectedPath} missing: run npm run test:update`).toBe(true);
      expect(`${markdown}\n`).toBe(readFileSync(fixture.expectedPath, 'utf-8'));
    });
  }
});
