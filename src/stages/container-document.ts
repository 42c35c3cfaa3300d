// A page of its own made of some elements of a page, so Readability can run on them and leave the page intact.

/**
 * A page of its own holding the page's <head> and copies of `elements` as its <body>: same URL (links resolve
 * alike), same <html> attributes (lang), nothing else of the page (and no <head> with `head: false`, when nothing
 * will read the page's metadata off the copy). The caller releases it (parse.ts).
 */
export function containerDocument(
  page: Document,
  elements: readonly Element[],
  options: { head?: boolean } = {},
): Document {
  const copy = page.cloneNode(false) as Document;
  const html = copy.importNode(page.documentElement, false);
  copy.appendChild(html);
  if (page.head && options.head !== false) html.appendChild(copy.importNode(page.head, true));
  const body = page.body ? copy.importNode(page.body, false) : copy.createElement('body');
  html.appendChild(body);
  for (const element of elements) body.appendChild(copy.importNode(element, true));
  return copy;
}
