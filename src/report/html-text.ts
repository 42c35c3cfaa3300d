// Escaping for the report's HTML: every piece of page text goes through these, never into markup as it is.

/** Text content: `&`, `<` and `>` escaped. */
export function escapeText(text: string): string {
  return text.replace(/[&<>]/g, (char) => (char === '&' ? '&amp;' : char === '<' ? '&lt;' : '&gt;'));
}

/** A double-quoted attribute value: `&`, `"`, `<` and `>` escaped. */
export function escapeAttribute(value: string): string {
  return value.replace(/[&"<>]/g, (char) =>
    char === '&' ? '&amp;' : char === '"' ? '&quot;' : char === '<' ? '&lt;' : '&gt;',
  );
}

/** Page text shown in a title or label: control characters (terminal escapes, bidi tricks stay visible as text) removed. */
export function withoutControlCharacters(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, '');
}

/** At most `max` characters, cut with an ellipsis. */
export function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
