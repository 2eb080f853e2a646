import { describe, expect, it } from 'vitest';
import { spreadsheetText } from './text.ts';

describe('spreadsheetText', () => {
  it('puts an apostrophe before every text a spreadsheet would run as a formula', () => {
    for (const payload of ["=cmd|' /C calc'!A0", '=HYPERLINK("http://x","y")', '@SUM(1+1)', '+1+1', '-2+3', '\t=1', '\r=1']) {
      expect(spreadsheetText(payload)).toBe(`'${payload}`);
    }
  });
  it('leaves other text as it is, drops control characters, and checks what is left', () => {
    expect(spreadsheetText('春熙路 1 号')).toBe('春熙路 1 号');
    expect(spreadsheetText('a=b')).toBe('a=b');
    expect(spreadsheetText("'=already")).toBe("'=already");
    expect(spreadsheetText('\u0000=1')).toBe("'=1");
    expect(spreadsheetText('')).toBe('');
  });
});
