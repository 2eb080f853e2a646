/**
 * What a search box query asks for (item 10 of issue 11): a case number (`#123` or just digits), a
 * reporter's phone (seven digits or more, spaces and dashes ignored) and complaint or address text.
 * One query may be read several ways at once ("12345" is a number and text); the repository ORs
 * them, each under the visibility rule, the phone only where the reader may see the reporter.
 */
export interface CaseSearch {
  /** `#n` or digits only: the case numbered so */
  number: number | null;
  /** digits of a phone number: compared with the reporter's phone, digits only */
  phone: string | null;
  /** text searched in the complaint and the address (at least two characters), or null */
  text: string | null;
  /** `#n`: the person asked to go to a case, not to search */
  goTo: boolean;
}

/** Texts shorter than this match too much to be worth a scan. */
export const MIN_SEARCH_TEXT = 2;
const MAX_NUMBER = 2_147_483_647;

export function parseCaseSearch(query: string): CaseSearch {
  const q = query.trim().replace(/\s+/g, ' ');
  const hash = /^[#＃]\s*(\d{1,10})$/.exec(q);
  if (hash) {
    const n = Number(hash[1]);
    return { number: n > 0 && n <= MAX_NUMBER ? n : null, phone: null, text: null, goTo: true };
  }
  const digits = q.replace(/[\s\-+()]/g, '');
  const allDigits = /^\d+$/.test(digits);
  const asNumber = allDigits && digits.length <= 10 ? Number(digits) : 0;
  return {
    number: asNumber > 0 && asNumber <= MAX_NUMBER ? asNumber : null,
    phone: allDigits && digits.length >= 7 ? digits : null,
    text: [...q].length >= MIN_SEARCH_TEXT ? q : null,
    goTo: false,
  };
}
