import { findUnstorableText, isUnstorableText } from '../../domain/text';

describe('findUnstorableText', () => {
  it.each([
    ['plain text', 'héllo 👋', false],
    ['a NUL', 'a\u0000b', true],
    ['a lone high surrogate', 'a\ud800', true],
    ['a lone low surrogate', '\udc00a', true],
    ['a surrogate pair', '\ud83d\udc4b', false],
  ])('%s', (_name, text, unstorable) => {
    expect(isUnstorableText(text)).toBe(unstorable);
  });

  it('names the path of the first bad string in objects and arrays, keys included', () => {
    expect(findUnstorableText({ a: 'ok', b: [1, 'x', { c: 'y\u0000' }] })).toEqual(['b', '2', 'c']);
    expect(findUnstorableText({ 'k\u0000': 'v' })).toEqual(['k\\u0000']);
    expect(findUnstorableText('\ud800')).toEqual([]);
    expect(findUnstorableText({ a: ['fine'], n: null, d: 3 })).toBeUndefined();
  });
});
