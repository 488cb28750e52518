/** No 0/O, 1/l/I: a password read out over the phone or copied by hand survives. */
const ALPHABET = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * A first password for a new colleague, from the browser's CSPRNG: 20 characters of 57 is about
 * 116 bits, far past any policy the API may set. Rejection sampling keeps every character equally likely.
 */
export function generatePassword(length = 20): string {
  const out: string[] = [];
  const limit = 256 - (256 % ALPHABET.length);
  while (out.length < length) {
    for (const byte of crypto.getRandomValues(new Uint8Array(length * 2))) {
      if (byte < limit && out.length < length) out.push(ALPHABET[byte % ALPHABET.length]);
    }
  }
  return out.join('');
}
