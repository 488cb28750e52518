import { describe, expect, it } from 'vitest';
import { contactsInText, normaliseEmail, normaliseHandle, normalisePhone, phoneKey } from './contacts';

describe('contacts', () => {
  it('normalises local Argentine forms to E.164 with AR as the default region', () => {
    expect(normalisePhone('011 15-1234-5678', 'AR')).toBe('+5491112345678');
    expect(normalisePhone('+54 9 351 123-4567', 'AR')).toBe('+5493511234567');
    expect(normalisePhone('(011) 4555-1234', 'AR')).toBe('+541145551234');
    expect(normalisePhone('12', 'AR')).toBeUndefined();
  });

  it('uses another default region when told', () => {
    expect(normalisePhone('(415) 555-2671', 'US')).toBe('+14155552671');
    expect(normalisePhone('(415) 555-2671', 'AR')).not.toBe('+14155552671');
  });

  it('compares Argentine mobiles with and without the 9', () => {
    expect(phoneKey('+5491112345678')).toBe(phoneKey('+541112345678'));
    expect(phoneKey('+34600111222')).toBe('+34600111222');
  });

  it('lower-cases emails and handles, and refuses what is not an email', () => {
    expect(normaliseEmail(' Ana.Perez@Mail.COM ')).toBe('ana.perez@mail.com');
    expect(normaliseEmail('ana@')).toBeUndefined();
    expect(normaliseHandle('@Ana_G')).toBe('ana_g');
  });

  it('finds emails and phones in a bio', () => {
    const found = contactsInText('Mamá de dos. Escribime a Ana.G@Gmail.com o al WhatsApp 0351 15-123-4567.', 'AR');
    expect(found).toEqual({ emails: ['ana.g@gmail.com'], phones: ['+5493511234567'] });
    expect(contactsInText(undefined, 'AR')).toEqual({ emails: [], phones: [] });
  });
});
