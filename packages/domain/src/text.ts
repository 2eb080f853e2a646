/**
 * Characters no text field may carry: C0 controls other than tab, line feed and carriage return
 * (NUL cannot be stored by PostgreSQL; none of them may appear in XML 1.0), DEL, the non-characters
 * U+FFFE/U+FFFF and unpaired surrogates.
 */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const hasControlCharacter = (s: string): boolean => FORBIDDEN.test(s);

/** The path of the first string (or object key) in `value` holding a forbidden character, or null. */
export function controlCharacterAt(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return hasControlCharacter(value) ? path || '(input)' : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = controlCharacterAt(value[i], path ? `${path}.${i}` : String(i));
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const at = path ? `${path}.${k}` : k;
      if (hasControlCharacter(k)) return at;
      const found = controlCharacterAt(v, at);
      if (found) return found;
    }
  }
  return null;
}

/** Removes what `hasControlCharacter` refuses: for output formats (XML, CSV) fed by older data. */
export const stripControlCharacters = (s: string): string => s.replace(new RegExp(FORBIDDEN.source, 'g'), '');

/** What a spreadsheet program would run as a formula (or DDE) when a text cell starts with it. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text cell as a spreadsheet must show it, never run it: one that starts with =, +, -, @, tab or
 * carriage return gets a leading apostrophe (the usual rule against CSV/formula injection), and
 * what `hasControlCharacter` refuses is dropped. Every CSV and XLSX cell the platform writes goes
 * through this one function.
 */
export function spreadsheetText(value: string): string {
  const text = stripControlCharacters(value);
  return FORMULA_START.test(text) ? `'${text}` : text;
}
