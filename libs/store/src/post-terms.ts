// URLs and @handles are dropped whole before splitting ("https", "com" and user names are not
// terms); then anything that is not a letter separates words. Two passes, or the separator pass
// would take the "@" and leave the handle behind as words.
const URL_OR_HANDLE = /(https?:\/\/|www\.)\S+|@[\p{L}\p{N}_.@-]+/gu;
const NOT_A_LETTER = /[^\p{L}\p{M}]+/u;

/**
 * The distinct lower-cased words of 3+ letters of a post's text, accents kept: what top terms
 * count. Both drivers store them at write time, from this one function.
 */
export function termsOf(text: string): string[] {
  const words = text.toLowerCase().replace(URL_OR_HANDLE, ' ').split(NOT_A_LETTER);
  return [...new Set(words.filter((word) => [...word].length >= 3))];
}
