import { findPhoneNumbersInText, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/** Default region for numbers written without a country code (IDENTITY_PHONE_REGION). */
export type PhoneRegion = CountryCode;

/** E.164 of a number as people write it, or undefined when it is not a valid number. */
export function normalisePhone(text: string, region: PhoneRegion): string | undefined {
  const parsed = parsePhoneNumberFromString(text, region);
  return parsed && parsed.isValid() ? parsed.number : undefined;
}

/**
 * The form two numbers are compared in. Argentina writes a mobile with a 9 after the country
 * code in E.164 (+54 9 11 …) and without it when dialled as a landline form (+54 11 …); a CRM
 * and a bio may hold either for the same line.
 */
export function phoneKey(e164: string): string {
  return e164.startsWith('+549') ? `+54${e164.slice(4)}` : e164;
}

export function normaliseEmail(text: string): string | undefined {
  const email = text.trim().toLowerCase();
  return EMAIL.test(email) ? email : undefined;
}

export function normaliseHandle(text: string): string {
  return text.trim().replace(/^@+/, '').toLowerCase();
}

const EMAIL = /^[a-z0-9._%+'-]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/;
const EMAIL_IN_TEXT = /[a-z0-9._%+'-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+/gi;

/** Emails and phones written in free text (a bio, a call-center note), normalised. */
export function contactsInText(text: string | undefined, region: PhoneRegion): { emails: string[]; phones: string[] } {
  if (!text) return { emails: [], phones: [] };
  const emails = [...new Set((text.match(EMAIL_IN_TEXT) ?? []).map((e) => e.toLowerCase().replace(/\.+$/, '')))];
  const phones = [...new Set(findPhoneNumbersInText(text, region).filter((f) => f.number.isValid()).map((f) => f.number.number as string))];
  return { emails, phones };
}
