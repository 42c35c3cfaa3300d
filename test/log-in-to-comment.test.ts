// ui/log-in-to-comment in each wording it names: the notice goes, a sentence about log-ins stays.

import { describe, expect, it } from 'vitest';
import { declutter } from '../src/index.js';

const POSTS = [
  'The update left my phone empty by the evening, where the battery used to last two days, and a service I do not know tops the battery list.',
  'The same happened here. After the update the system indexes every photo again for a few days; leave the phone on the charger overnight.',
  'Thanks, after three nights on the charger everything is back to normal, and the battery lasts two days again as it did before.',
];

/** A thread whose notice stands between the first post and the replies, where forums put the reply box. */
function thread(notice: string, lang: string): string {
  const [first, ...replies] = POSTS.map((post) => `<div class="post"><p>${post}</p></div>`);
  return `<!DOCTYPE html><html lang="${lang}"><head><title>Battery after the update</title></head><body><main>
    <h1>Battery after the update</h1>${first ?? ''}<div class="reply-box"><p>${notice}</p></div>${replies.join('')}
    </main></body></html>`;
}

/** The page's text (no Markdown link syntax in the way of the notice's words). */
function textOf(html: string, disabledRules: string[] = []): string {
  return declutter(html, { url: 'https://forum.example/t/battery-1', disabledRules }).text;
}

describe('ui/log-in-to-comment', () => {
  it.each([
    ['en', 'You must be <a href="/login">logged in</a> to post a comment.'],
    ['en', 'Please sign in to reply.'],
    ['en', 'You are not logged in.'],
    ['de', 'Sie müssen sich <a href="/login">einloggen</a>, um sich an einer Diskussion beteiligen zu können.'],
    ['de', 'Um einen Kommentar zu hinterlassen, loggen Sie sich bitte ein.'],
    ['de', 'Du bist derzeit nicht angemeldet.'],
    ['fr', 'Vous devez être connecté pour publier un commentaire.'],
    ['es', 'Debes iniciar sesión para comentar.'],
  ])('removes the %s notice "%s" and keeps every post', (lang, notice) => {
    const words = notice.replace(/<[^>]+>/g, '');
    const page = thread(notice, lang);
    expect(textOf(page, ['ui/log-in-to-comment'])).toContain(words.slice(0, 20));
    const output = textOf(page);
    expect(output).not.toContain(words.slice(0, 20));
    for (const post of POSTS) expect(output).toContain(post);
  });

  it.each([
    'Users must log in to comment on videos from next month, the company said on Tuesday.',
    'Sie müssen sich nicht einloggen, um die Kommentare zu lesen; nur wer selbst schreibt, braucht ein Konto.',
    'You must be logged in to post a comment: that rule of the old forum kept spam out for years, and nobody here misses the days before it.',
  ])('keeps a sentence about log-ins that is no notice: "%s"', (sentence) => {
    expect(textOf(thread(sentence, 'en'))).toContain(sentence.slice(0, 40));
  });
});
