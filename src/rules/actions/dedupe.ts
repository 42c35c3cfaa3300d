// dedupe: keeps the first of several matching elements (or paragraphs) with the same text, removes the rest.

import type { CompiledRule } from '../compile-rules.js';
import { normalisedText, textMeetsConditions } from '../conditions.js';
import type { RuleAction } from './action-types.js';
import { selectTargets } from './select-targets.js';

/**
 * The comparison key. "near" ignores case, punctuation, spacing and a trailing credit such as
 * "/VCG", "Photo: Jane Doe" or "(Reuters)", so a caption and its credited copy count as one.
 */
export function dedupeKey(text: string, similarity: CompiledRule['rule']['similarity']): string {
  const collapsed = text.replace(/\s+/g, ' ').trim();
  if (similarity !== 'near') return collapsed;
  return collapsed
    .toLowerCase()
    .replace(
      /\s*(?:\/\s*[\p{L}\p{N} .&-]{1,40}|\((?:photo|image|credit|foto|bild)[^)]*\)|(?:photo|image|credit|foto|bild|crédit)s?\s*:\s*[^.]{1,60})\s*$/u,
      '',
    )
    .replace(/[\p{P}\p{S}\s]+/gu, '');
}

export const dedupeAction: RuleAction = {
  name: 'dedupe',
  phases: ['post', 'text'],
  applyToDom(root, rule, record) {
    const seen = new Set<string>();
    for (const element of selectTargets(root, rule)) {
      const key = dedupeKey(normalisedText(element), rule.rule.similarity);
      if (!key) continue;
      if (!seen.has(key)) {
        seen.add(key);
        continue;
      }
      if (element === root) continue;
      record({ element });
      element.remove();
    }
  },
  applyToText(paragraphs, rule, record) {
    const seen = new Set<string>();
    return paragraphs.filter((paragraph) => {
      if (!textMeetsConditions(paragraph, rule.when)) return true;
      const key = dedupeKey(paragraph, rule.rule.similarity);
      if (!key || !seen.has(key)) {
        seen.add(key);
        return true;
      }
      record({ text: paragraph });
      return false;
    });
  },
};
