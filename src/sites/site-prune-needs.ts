// What a site config needs the prune pass (src/stages/prune-html.ts) to leave in the page for its XPath.

import type { RuleSet } from '../rules/rule-types.js';

export interface SitePruneNeeds {
  /** data-* attribute names its expressions name (lower case). */
  dataAttributes: ReadonlySet<string>;
  /** Its title, author or date expressions read <meta> or <link> elements, which the pass drops from <head>. */
  headMetadata: boolean;
}

const DATA_NAME = /data-[\w-]*/gi;
const needsBySet = new WeakMap<RuleSet, SitePruneNeeds>();

export function sitePruneNeeds(set: RuleSet): SitePruneNeeds {
  let needs = needsBySet.get(set);
  if (!needs) {
    const site = set.site;
    const expressions = [
      ...set.rules.flatMap((rule) => [...(rule.xpath ?? []), rule.selector ?? '']),
      ...[site?.body, site?.title, site?.author, site?.date, site?.singlePageLink, site?.nextPageLink]
        .flatMap((lines) => lines ?? [])
        .map(({ xpath }) => xpath),
    ];
    const metadata = [site?.title, site?.author, site?.date].flatMap((lines) => lines ?? []);
    needs = {
      dataAttributes: new Set(
        expressions.flatMap((text) => [...text.matchAll(DATA_NAME)].map((m) => m[0].toLowerCase())),
      ),
      headMetadata: metadata.some(({ xpath }) => /\b(meta|link)\b/i.test(xpath)),
    };
    needsBySet.set(set, needs);
  }
  return needs;
}
