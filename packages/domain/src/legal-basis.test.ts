import { describe, expect, it } from 'vitest';
import { legalBasisInEnglish } from './legal-basis.ts';
import { MATRIX_V1_MATTERS } from './matrix-v1.ts';
import { STANDARDS_V1 } from './standards-v1.ts';

describe('legal bases in English', () => {
  it('translates titles, articles and ranges', () => {
    expect(legalBasisInEnglish('《中华人民共和国大气污染防治法》第八十一条')).toBe('PRC Air Pollution Prevention and Control Law Art. 81');
    expect(legalBasisInEnglish('《中华人民共和国噪声污染防治法》第三十六条至第四十条')).toBe('PRC Noise Pollution Prevention and Control Law Arts. 36–40');
    expect(legalBasisInEnglish('《中华人民共和国广告法》第四条、第二十八条')).toBe('PRC Advertising Law Arts. 4, 28');
    expect(legalBasisInEnglish('大气污染防治法第一百一十八条')).toBe('Air Pollution Prevention and Control Law Art. 118');
  });

  it('leaves no Chinese in any legal basis of the matrix or source of the city standards', () => {
    const texts = [...MATRIX_V1_MATTERS.map((m) => m.legalBasis), ...STANDARDS_V1.map((s) => s.source)];
    for (const text of texts) expect(legalBasisInEnglish(text), text).not.toMatch(/[\u4e00-\u9fff]/);
  });
});
