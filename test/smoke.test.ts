import { describe, expect, it } from 'vitest';
import { declutter } from '../src/index.js';

describe('declutter()', () => {
  it('turns a small page into Markdown with the title on top', () => {
    const html = `<!doctype html><html><head><title>A headline</title></head><body><article>
      <h1>A headline</h1><p>${'First paragraph of the story, long enough to count as content. '.repeat(5)}</p>
      <p>${'Second paragraph with more words in it for Readability to score. '.repeat(5)}</p></article></body></html>`;
    const result = declutter(html);
    expect(result.markdown.startsWith('# A headline\n\nFirst paragraph')).toBe(true);
    expect(result.markdown.match(/^# A headline/gm)?.length).toBe(1);
  });
});
