// The data attributes a code block's language may be written in, as attribute names.

/** On the <pre>, its <code> or any wrapper; code-block.ts reads them, and prune-html must keep them. */
export const LANGUAGE_ATTRIBUTES: readonly string[] = ['data-lang', 'data-language'];
