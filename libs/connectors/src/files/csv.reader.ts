/** One CSV record with the line it starts on (1-based, the header is line 1). */
export interface CsvRow {
  line: number;
  fields: string[];
}

/**
 * RFC 4180 CSV: fields optionally in double quotes, `""` for a quote inside quotes, line breaks
 * inside quoted fields, CRLF or LF endings, a UTF-8 BOM skipped; the delimiter is a parameter,
 * so TSV reads the same way. The one CSV reader of the project (imports, `escucha train`, the
 * eval), kept because it reports the line each record starts on, which the per-row error
 * reports need. An unterminated quote is reported against the line it opened on.
 */
export function* readCsv(text: string, delimiter = ','): Generator<CsvRow | { line: number; error: string }> {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < text.length) {
    const start = line;
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    let done = false;
    while (!done) {
      if (i >= text.length) {
        if (quoted) {
          yield { line: start, error: `line ${start}: a quoted field is never closed` };
          return;
        }
        fields.push(field);
        done = true;
        break;
      }
      const c = text[i];
      if (quoted) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
          } else {
            quoted = false;
            i++;
          }
        } else {
          if (c === '\n') line++;
          field += c;
          i++;
        }
      } else if (c === '"' && field === '') {
        quoted = true;
        i++;
      } else if (c === delimiter) {
        fields.push(field);
        field = '';
        i++;
      } else if (c === '\n' || c === '\r') {
        fields.push(field);
        i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
        line++;
        done = true;
      } else {
        field += c;
        i++;
      }
    }
    // A blank line is not a record.
    if (fields.length === 1 && fields[0] === '') continue;
    yield { line: start, fields };
  }
}
