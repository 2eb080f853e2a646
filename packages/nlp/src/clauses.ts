/**
 * Splits a complaint into clauses and marks which one carries the request: in "不是 X，是 Y",
 * "X 倒没问题，问题是 Y" or "路灯是好的，…" the first part names what the caller rules out, so its
 * words must not route the case; the part after the contrast is what they ask about.
 */
export type ClauseRole = 'request' | 'negated' | 'context';

export interface Clause {
  text: string;
  role: ClauseRole;
}

/** "不是 X 是 Y" inside one clause (no comma between). */
const INLINE_CONTRAST = /^(.*?)(?:并不是|倒不是|不是|并非)(.+?)(?:而是|是)(.+)$/;
/** A clause that rules its subject out: denial, "works fine", "I don't mind". */
const NEGATION =
  /(?:并不是|倒不是|不是|并非|不算|没问题|没有问题|倒没|倒还|倒是|倒也|都是好的|是好的|好好的|没坏|没事|无所谓|不关|我不管|还能忍|不吵|没占|本来干净|挺好|挺方便|很结实|很牢|是齐的|都能接受)/;
/** A clause that opens with the point the caller is making. */
const REQUEST_OPENER = /^(?:问题是|关键是|主要是|而是|就是|只是|其实是|真正的问题是|要反映的是|吵的是|是|但是|但|可是|不过)/;

const SPLIT = /[，,。；;！!？?\n：:、]+/;

/** The clauses of a text with their roles; without a contrast every clause is context. */
export function clauses(text: string): Clause[] {
  const out: Clause[] = [];
  for (const piece of text.split(SPLIT)) {
    const p = piece.trim();
    if (!p) continue;
    const [, subject = '', ruledOut = '', request = ''] = INLINE_CONTRAST.exec(p) ?? [];
    if (ruledOut && request && !/^(?:是|的)/.test(request)) {
      if (subject) out.push({ text: subject, role: 'context' });
      out.push({ text: ruledOut, role: 'negated' });
      out.push({ text: request, role: 'request' });
      continue;
    }
    const negatedAt = /(?:并不是|倒不是|不是|并非)/.exec(p);
    if (negatedAt && negatedAt.index > 0 && !NEGATION.test(p.slice(0, negatedAt.index))) {
      // "噪音不是工地施工本身": the subject before the denial stays context.
      out.push({ text: p.slice(0, negatedAt.index), role: 'context' });
      out.push({ text: p.slice(negatedAt.index), role: 'negated' });
      continue;
    }
    out.push({ text: p, role: NEGATION.test(p) ? 'negated' : 'context' });
  }
  if (!out.some((c) => c.role === 'negated')) return out;
  // After a clause that rules something out, the next clause (or one that opens with the point) is the request.
  let afterNegation = false;
  for (const c of out) {
    if (c.role === 'negated') afterNegation = true;
    else if (c.role === 'context' && (afterNegation || REQUEST_OPENER.test(c.text))) {
      c.role = 'request';
      afterNegation = false;
    }
  }
  return out;
}
