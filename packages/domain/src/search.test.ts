import { describe, expect, it } from 'vitest';
import { parseCaseSearch } from './search.ts';

describe('a search box query', () => {
  it('reads #n as going to case n, and nothing else', () => {
    expect(parseCaseSearch(' #42 ')).toEqual({ number: 42, phone: null, text: null, goTo: true });
    expect(parseCaseSearch('＃7')).toMatchObject({ number: 7, goTo: true });
  });

  it('reads digits as a number, a phone from seven digits on, and as text', () => {
    expect(parseCaseSearch('1234')).toEqual({ number: 1234, phone: null, text: '1234', goTo: false });
    expect(parseCaseSearch('139-0000 0000')).toEqual({ number: null, phone: '13900000000', text: '139-0000 0000', goTo: false });
  });

  it('searches text of two characters or more, never a single one', () => {
    expect(parseCaseSearch('路灯')).toEqual({ number: null, phone: null, text: '路灯', goTo: false });
    expect(parseCaseSearch('灯').text).toBeNull();
    expect(parseCaseSearch('  人民南路   三段 ').text).toBe('人民南路 三段');
  });
});
