// The story under the page's headline: when the <article> the page's title names is read instead of Readability's pick.

import { describe, expect, it } from 'vitest';
import { declutter } from '../src/index.js';

/** Sentences with no run of six words in common (the stage compares texts by such runs). */
const STORY = [
  'The island ferry will leave twenty minutes earlier on weekdays from April, so that it meets the early train.',
  'Commuters had asked for the change since last autumn, when the gap before the train shrank to four minutes.',
  'The last evening sailing stays at half past nine, and at weekends the timetable does not change at all.',
  'Tickets bought before the change remain valid, and season tickets will not cost more, the operator said.',
  'A new waiting room with heating opens on the north quay in May, paid for by the harbour board this year.',
];
const OTHER = Array.from(
  { length: 9 },
  (_, index) =>
    `Item ${index + 1} on the council's list: the sports hall plans were approved by eleven votes to four after a debate that ran late into the evening at the town hall.`,
);

function storyArticle(headline: string, sentences: readonly string[]): string {
  return `<article><header><h1>${headline}</h1></header><div class="body">${sentences.map((s) => `<p>${s}</p>`).join('')}</div></article>`;
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html><html><head><title>${title} | Harbour Gazette</title></head><body><main>${body}</main></body></html>`;
}

const HEADLINE = 'Ferry timetable to change in spring';

describe('the <article> under the page headline', () => {
  it('is read when Readability returned another, longer story on the page', () => {
    const result = declutter(
      page(HEADLINE, storyArticle(HEADLINE, STORY) + storyArticle('Council approves a new sports hall', OTHER)),
    );
    for (const sentence of STORY) expect(result.markdown).toContain(sentence);
    expect(result.markdown).not.toContain('Item 3 on the council');
    expect(result.warnings.join('\n')).toContain("under the page's headline");
  });

  it('is not read when no single headline is the title, or the story under it is a teaser', () => {
    const other = storyArticle('Council approves a new sports hall', OTHER);
    const noMatch = declutter(page('Harbour news today', storyArticle(HEADLINE, STORY) + other));
    expect(noMatch.markdown).toContain('Item 3 on the council');
    const twice = declutter(page(HEADLINE, storyArticle(HEADLINE, STORY) + storyArticle(HEADLINE, OTHER)));
    expect(twice.warnings.join('\n')).not.toContain('headline');
    const teaser = declutter(page(HEADLINE, storyArticle(HEADLINE, STORY.slice(0, 2)) + other));
    expect(teaser.warnings.join('\n')).not.toContain('headline');
    expect(teaser.markdown).toContain('Item 3 on the council');
  });

  it('leaves the story alone when its own <article> also holds a longer reader thread, which both runs leave out', () => {
    const comments = Array.from(
      { length: 40 },
      (_, index) =>
        `<li class="comment"><p>Reader ${index + 1} wrote: the early boat will suit my shifts at the hospital much better than the old one ever did, thank you.</p></li>`,
    ).join('');
    const result = declutter(
      page(
        HEADLINE,
        `<article><header><h1>${HEADLINE}</h1></header><div class="entry-content">${STORY.map((s) => `<p>${s}</p>`).join('')}</div>` +
          `<footer class="entry-footer"><div class="comments-area"><ol class="comment-list">${comments}</ol></div></footer></article>`,
      ),
    );
    for (const sentence of STORY) expect(result.markdown).toContain(sentence);
    expect(result.markdown).not.toContain('Reader 3 wrote');
    expect(result.warnings.join('\n')).not.toContain('headline');
  });

  it('leaves Readability its pick when that pick is a box inside the story, not another story', () => {
    // Ninety rows of data cells: Readability scores each cell and prefers the table's box to the prose beside it.
    const rows = Array.from(
      { length: 90 },
      (_, index) =>
        `<tr><td>Sailing ${index}</td><td>Berth ${index}</td><td>crew.${index}.office@ferries.example</td></tr>`,
    ).join('');
    // Two more paragraphs: the box and the first paragraph beside it are then under a fifth of the story's prose.
    const MORE = [
      'Parking at the ferry terminal stays free for season ticket holders, the operator confirmed on Wednesday.',
      'Cyclists may take their bikes on every crossing, as before, without booking a place in advance.',
    ];
    const box = `<div class="box"><p>Sailings below.</p><table>${rows}</table></div>`;
    const result = declutter(
      page(
        HEADLINE,
        `<article><header><h1>${HEADLINE}</h1></header><div class="body"><p>${STORY[0]}</p>${box}${[
          ...STORY.slice(1),
          ...MORE,
        ]
          .map((s) => `<p>${s}</p>`)
          .join('')}</div></article>`,
      ),
    );
    expect(result.markdown).toContain('crew.89.office');
    expect(result.warnings.join('\n')).not.toContain('headline');
  });
});
