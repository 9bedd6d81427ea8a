/**
 * A small RFC 4180 reader for the room import: fields separated by commas (or semicolons, when the
 * header line has no comma but has semicolons, as spreadsheets in some locales save), optionally
 * in double quotes with quotes doubled inside; a quoted field may hold line breaks; CRLF or LF; a
 * UTF-8 BOM is skipped. Every record keeps the line it started on, and a broken record (an
 * unclosed quote, text after a closing quote) is reported on its line while the rest is read on.
 */

export interface CsvRecord {
  /** 1-based line the record starts on. */
  line: number;
  fields: string[];
}

export type CsvProblemKind = 'unclosed-quote' | 'after-quote' | 'stray-quote';

export interface CsvProblem {
  line: number;
  kind: CsvProblemKind;
  detail: string;
}

const PROBLEM_TEXT: Record<CsvProblemKind, string> = {
  'unclosed-quote': 'a quoted value is not closed',
  'after-quote': 'text follows a closing quote (a quote inside a value must be doubled)',
  'stray-quote': 'a quote inside an unquoted value (put the value in quotes and double the quote)',
};

export interface CsvDocument {
  records: CsvRecord[];
  problems: CsvProblem[];
  separator: ',' | ';';
}

function separatorOf(text: string): ',' | ';' {
  const end = text.search(/\r?\n/);
  const header = end < 0 ? text : text.slice(0, end);
  return !header.includes(',') && header.includes(';') ? ';' : ',';
}

export function readCsv(input: string): CsvDocument {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const separator = separatorOf(text);
  const records: CsvRecord[] = [];
  const problems: CsvProblem[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const start = line;
    const fields: string[] = [];
    let broken: CsvProblemKind | undefined;
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        i++;
        let closed = false;
        while (i < text.length) {
          const c = text[i];
          if (c === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          if (c === '\n') line++;
          field += c;
          i++;
        }
        if (!closed) broken = 'unclosed-quote';
        // After the closing quote only a separator or the end of the line may follow.
        if (closed && i < text.length && text[i] !== separator && text[i] !== '\r' && text[i] !== '\n') {
          broken ??= 'after-quote';
          while (i < text.length && text[i] !== separator && text[i] !== '\n') i++;
        }
      } else {
        while (i < text.length && text[i] !== separator && text[i] !== '\r' && text[i] !== '\n') {
          if (text[i] === '"') broken ??= 'stray-quote';
          field += text[i];
          i++;
        }
      }
      fields.push(field);
      if (i < text.length && text[i] === separator) {
        i++;
        continue;
      }
      break;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    const blank = fields.length === 1 && fields[0].trim() === '';
    if (broken) problems.push({ line: start, kind: broken, detail: PROBLEM_TEXT[broken] });
    else if (!blank) records.push({ line: start, fields });
    line++;
  }
  return { records, problems, separator };
}
