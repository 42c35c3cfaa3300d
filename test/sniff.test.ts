// sniff and text-dump: HTML pages and fragments vs scraped text, and paragraphs on blank lines.

import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { declutter } from '../src/index.js';
import { sniffInputFormat } from '../src/stages/sniff.js';
import { splitParagraphs } from '../src/stages/text-dump.js';
import { requires, sharedData, sharedPath } from './support/requirements.js';

const seeds = sharedData('seeds');

describe('sniffInputFormat', () => {
  it('calls pages and fragments that open with markup HTML', () => {
    for (const html of [
      '<!DOCTYPE html><html><body>x</body></html>',
      '\uFEFF  <html lang="en">',
      '<!-- saved page --><div>x</div>',
      '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml">',
      '<p>x',
      '\n\n<div class="story"><h2>Title</h2>',
      '</p> stray end tag first',
    ]) {
      expect(sniffInputFormat(html), html).toBe('html');
    }
  });

  it('calls prose with a fair share of tags HTML', () => {
    expect(sniffInputFormat('Breaking: <b>storm</b> reaches the <a href="/coast">coast</a> tonight.')).toBe('html');
  });

  it('calls scraped text that mentions "<" or a tag in passing text', () => {
    const dump = [
      'Council approves new library budget',
      '',
      'The vote passed 7 <3 hearts aside, with temperatures < 5 °C outside the hall.',
      '',
      `${'The budget covers staff, books and the roof repairs promised last year. '.repeat(20)}`,
      '',
      'A reader wrote that the site puts everything in a <div> anyway.',
    ].join('\n');
    expect(sniffInputFormat(dump)).toBe('text');
    expect(sniffInputFormat('<3 from the whole team')).toBe('text');
    expect(sniffInputFormat('')).toBe('text');
  });

  requires(seeds).it('calls the shared seed text dumps text', () => {
    const files = readdirSync(sharedPath('seeds')).filter((name) => name.endsWith('.txt'));
    expect(files.length).toBeGreaterThan(0);
    for (const name of files)
      expect(sniffInputFormat(readFileSync(sharedPath('seeds', name), 'utf-8')), name).toBe('text');
  });
});

describe('splitParagraphs', () => {
  it('splits on blank and whitespace-only lines, in any line-ending style', () => {
    expect(splitParagraphs('\uFEFFone\r\nstill one\r\n\r\ntwo\n \t\nthree\r\rfour\n\n\n')).toEqual([
      'one\nstill one',
      'two',
      'three',
      'four',
    ]);
  });
});

describe('text dumps through declutter()', () => {
  it('renders paragraphs as Markdown paragraphs, escaping what would be syntax', () => {
    const result = declutter('# not a heading\n\n*not emphasis* and <script>alert(1)</script>\n\n1. not a list', {
      inputFormat: 'text',
      rules: false,
    });
    expect(result.inputFormat).toBe('text');
    expect(result.markdown.split('\n\n')).toHaveLength(3);
    expect(result.markdown).not.toMatch(/^# not/m);
    expect(result.markdown).not.toMatch(/^\*not emphasis\*/m);
    expect(result.markdown).not.toMatch(/^1\. not/m);
  });

  it('can be forced to HTML', () => {
    expect(declutter('plain words', { inputFormat: 'html', rules: false, title: false }).inputFormat).toBe('html');
  });
});
