import { MalformedRecord } from '@escucha/core';
import { describe, expect, it } from 'vitest';
import { readEmlRecord, splitMbox } from './email.records';
import { readImportFile, type NumberedRecord } from './import.records';

const crlf = (lines: string[]) => lines.join('\r\n') + '\r\n';

const MULTIPART = crlf([
  'From: "Lucía Gómez" <Lucia.Gomez@Example.com>',
  'To: soporte@escucha.test',
  'Subject: =?UTF-8?Q?Reclamaci=C3=B3n_de_factura?=',
  'Date: Mon, 02 Mar 2026 10:15:00 +0100',
  'Message-ID: <reclamo-1@example.com>',
  'MIME-Version: 1.0',
  'Content-Type: multipart/alternative; boundary="b1"',
  '',
  '--b1',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'Me cobraron dos veces el mes de marzo. =C2=BFPueden revisarlo?',
  '--b1',
  'Content-Type: text/html; charset=utf-8',
  '',
  '<p>Me cobraron <b>dos veces</b> el mes de marzo.</p>',
  '--b1--',
]);

// Quoted-printable in Latin-1 with a soft line break, as older clients still send it.
const QUOTED_PRINTABLE = crlf([
  'From: =?ISO-8859-1?Q?Jos=E9_Pe=F1a?= <jose@example.es>',
  'Subject: =?ISO-8859-1?Q?Atenci=F3n_p=E9sima?=',
  'Date: Tue, 3 Mar 2026 09:00:00 -0300',
  'Message-ID: <qp-7@example.es>',
  'Content-Type: text/plain; charset=ISO-8859-1',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'La atenci=F3n fue p=E9sima, llevo tres d=EDas sin l=EDnea y nadie me da una solu=',
  'ci=F3n. =A1Qu=E9 verg=FCenza!',
]);

const HTML_ONLY = crlf([
  'From: alertas@banco.example',
  'Subject: Aviso',
  'Date: Wed, 4 Mar 2026 12:00:00 +0000',
  'Message-ID: <html-only@banco.example>',
  'Content-Type: text/html; charset=utf-8',
  '',
  '<html><body><h1>Servicio restablecido</h1><p>Gracias por su <i>paciencia</i>.</p></body></html>',
]);

const NO_MESSAGE_ID = crlf(['From: Pedro <pedro@example.com>', 'Subject: sin id', 'Date: Thu, 5 Mar 2026 08:30:00 +0000', '', 'Un mensaje sin Message-ID.']);

// Not an email: a forwarded chat log saved with the wrong extension.
const BROKEN = 'Chat de soporte exportado\nsin cabeceras de correo\n';

const recordOf = async (text: string) => (await readEmlRecord(text)).record as Record<string, unknown>;

async function all(iterable: AsyncIterable<NumberedRecord>): Promise<NumberedRecord[]> {
  const out: NumberedRecord[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe('email records', () => {
  it('takes the plain part of a multipart message, the subject, the Message-ID and the sender', async () => {
    expect(await recordOf(MULTIPART)).toEqual({
      id: 'reclamo-1@example.com',
      text: 'Reclamación de factura\n\nMe cobraron dos veces el mes de marzo. ¿Pueden revisarlo?',
      createdAt: '2026-03-02T09:15:00.000Z',
      author: { id: 'lucia.gomez@example.com', handle: 'lucia.gomez@example.com', name: 'Lucía Gómez' },
    });
  });

  it('decodes quoted-printable Latin-1 text and encoded words with accents', async () => {
    const record = await recordOf(QUOTED_PRINTABLE);
    expect(record.text).toBe('Atención pésima\n\nLa atención fue pésima, llevo tres días sin línea y nadie me da una solución. ¡Qué vergüenza!');
    expect(record.author).toEqual({ id: 'jose@example.es', handle: 'jose@example.es', name: 'José Peña' });
    expect(record.createdAt).toBe('2026-03-03T12:00:00.000Z');
  });

  it('renders an HTML-only body as text, and a sender without a name has none', async () => {
    const record = await recordOf(HTML_ONLY);
    expect(record.text).toMatch(/^Aviso\n\n/);
    expect(record.text).toMatch(/SERVICIO RESTABLECIDO|Servicio restablecido/);
    expect(record.text).toContain('Gracias por su paciencia.');
    expect(record.text).not.toMatch(/<[a-z]/);
    expect(record.author).toEqual({ id: 'alertas@banco.example', handle: 'alertas@banco.example' });
  });

  it('ids a message without Message-ID by a hash of it: the same message gets the same id, another a different one', async () => {
    const first = await recordOf(NO_MESSAGE_ID);
    expect(first.id).toMatch(/^sha256-[0-9a-f]{40}$/);
    expect((await recordOf(NO_MESSAGE_ID)).id).toBe(first.id);
    expect((await recordOf(NO_MESSAGE_ID.replace('sin Message-ID', 'distinto'))).id).not.toBe(first.id);
  });

  it('refuses a text with no mail headers, a sender with no address and a Date that is not one, saying which message', async () => {
    const broken = await readEmlRecord(BROKEN);
    expect(broken).toMatchObject({ line: 1, message: 1 });
    expect((broken.record as MalformedRecord).error).toBe('message 1 (line 1): has no mail headers');
    const noAddress = (await readEmlRecord('From: nadie\nDate: Mon, 2 Mar 2026 10:00:00 +0000\n\nx\n')).record as MalformedRecord;
    expect(noAddress.error).toMatch(/From: has no address/);
    // mailparser would put the time of parsing here; the message must not be filed under today.
    const badDate = (await readEmlRecord('From: a@example.com\nDate: el martes\n\nx\n')).record as MalformedRecord;
    expect(badDate).toBeInstanceOf(MalformedRecord);
    expect(badDate.error).toMatch(/Date: "el martes" is not a date/);
  });
});

describe('mbox', () => {
  const mbox = [
    'From lucia@example.com Mon Mar  2 09:15:00 2026',
    MULTIPART,
    'From jose@example.es Tue Mar  3 12:00:00 2026',
    QUOTED_PRINTABLE,
    'From MAILER-DAEMON Wed Mar  4 00:00:00 2026',
    BROKEN,
    'From pedro@example.com Thu Mar  5 08:30:00 2026',
    'From: Pedro <pedro@example.com>',
    'Subject: citas',
    'Message-ID: <citas@example.com>',
    '',
    'Primera línea',
    '>From here on a body line that was quoted',
    '>>From a line quoted twice',
    'From inside a paragraph, not after a blank line',
    '',
  ].join('\n');

  it('splits on From lines after a blank line, undoes >From quoting and drops the separating blank line', () => {
    const messages = [...splitMbox(mbox)];
    expect(messages.map((m) => m.line)).toEqual([1, 21, 32, 36]);
    expect(messages[3].text).toBe(
      'From: Pedro <pedro@example.com>\nSubject: citas\nMessage-ID: <citas@example.com>\n\nPrimera línea\nFrom here on a body line that was quoted\n>From a line quoted twice\nFrom inside a paragraph, not after a blank line',
    );
    expect(messages[3].envelopeDate?.toISOString()).toBe('2026-03-05T08:30:00.000Z');
    expect(messages[0].text.endsWith('--b1--\r')).toBe(true);
  });

  it('reads every message, keeps the good ones and reports the broken one by number and line; a missing Date falls back to the From line', async () => {
    const records = await all(readImportFile('mbox', mbox));
    expect(records.map((r) => [r.message, r.line])).toEqual([
      [1, 1],
      [2, 21],
      [3, 32],
      [4, 36],
    ]);
    expect((records[0].record as { id: string }).id).toBe('reclamo-1@example.com');
    expect((records[1].record as { text: string }).text).toContain('¡Qué vergüenza!');
    expect((records[2].record as MalformedRecord).error).toBe('message 3 (line 32): has no mail headers');
    expect(records[3].record).toMatchObject({
      id: 'citas@example.com',
      createdAt: '2026-03-05T08:30:00.000Z',
      text: expect.stringContaining('From here on a body line that was quoted\n>From a line quoted twice'),
    });
  });

  it('reports text before the first From line instead of dropping it', async () => {
    const records = await all(readImportFile('mbox', `not a mailbox\n\n${mbox}`));
    expect(records[0]).toMatchObject({ line: 1, message: 1 });
    expect((records[0].record as MalformedRecord).error).toMatch(/before any "From " separator/);
    expect(records).toHaveLength(5);
  });
});
