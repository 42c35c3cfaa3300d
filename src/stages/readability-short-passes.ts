// When every Readability pass finds too little text, the strictest pass's article, unless a looser one found far more.

// Readability runs up to four passes, each with one filter fewer (unlikely candidates such as footers and sidebars
// kept, then class weights off, then no conditional cleaning), and when none reaches 500 characters it takes the
// longest article any pass built. On a short page, such as a product's data sheet of labels and short values, the first
// pass finds the sheet (380 characters) and the last finds the footer's paragraph about the site (456 characters),
// which only got in because the filters that keep footers out were off. Here the article of the earliest pass stays
// unless a later pass's is half again as long: a filter is set aside only for clearly more text. Written against
// @mozilla/readability 0.6.0 (`_attempts`: one `{ articleContent, textLength }` per failed pass, in pass order,
// sorted once, after the last pass, and read at index 0); check it when upgrading.

interface FailedPass {
  articleContent: Element;
  textLength: number;
}

/** How many times longer a looser pass's article must be than the strictest one's to be taken instead. */
const LOOSER_PASS_FACTOR = 1.5;

/**
 * The failed passes, in pass order; Readability's one sort (longest first) puts the chosen one first instead. A looser
 * pass whose article is `setAside` (an author box the strictest pass kept out) is never chosen over the strictest.
 */
class FailedPasses extends Array<FailedPass> {
  setAside: (article: Element) => boolean = () => false;

  override sort(): this {
    let chosen = 0;
    for (let index = 1; index < this.length; index += 1) {
      const pass = this[index]!;
      if (pass.textLength > LOOSER_PASS_FACTOR * this[chosen]!.textLength && !this.setAside(pass.articleContent)) {
        chosen = index;
      }
    }
    this.unshift(...this.splice(chosen, 1));
    return this;
  }
}

/**
 * Installs the choice on one Readability instance (before its parse). `setAside` names articles a looser pass may not
 * win with, however long.
 */
export function useStrictestPassWhenAllShort(reader: object, setAside?: (article: Element) => boolean): void {
  const passes = new FailedPasses();
  if (setAside) passes.setAside = setAside;
  (reader as { _attempts: FailedPass[] })._attempts = passes;
}
