import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AUDIT_CSV_COLUMNS, auditCsvRow, csvField } from '../../electron/services/audit/csv';
import { createOutboxStack } from '../../electron/services/outbox';
import type { AuditEntry } from '../../shared/domain/registry';
import { FakeExecutor, qrIssue, refused, tempDir } from './helpers';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/**
 * Reads CSV text as a spreadsheet set to `separator` would: a quote opens a quoted cell only at the
 * start of a cell, a doubled quote inside is one quote, a line break outside quotes ends the row.
 */
function readAsSpreadsheet(text: string, separator: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let atCellStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        cell += c;
      }
      continue;
    }
    if (c === '"' && atCellStart) {
      quoted = true;
      atCellStart = false;
    } else if (c === separator) {
      row.push(cell);
      cell = '';
      atCellStart = true;
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      atCellStart = true;
    } else {
      cell += c;
      atCellStart = false;
    }
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

/** What Excel, LibreOffice and Google Sheets would run as a formula (spaces before it may be trimmed). */
const FORMULA_START = /^[\s\u3000]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/u;
const startsFormula = (cell: string) => FORMULA_START.test(cell) || /^[\t\r]/.test(cell);

const HOSTILE = [
  'a;=1+1',
  'r;=1+1',
  '=1+1',
  '+1+1',
  '-2+3',
  '@SUM(A1:A2)',
  '\t=1+1',
  '\r=1+1',
  ' =1+1',
  '"=1+1',
  'x;"=1+1',
  'x; =1+1',
  'x;;=1',
  'x,=1+1',
  'x\t=1+1',
  "x|=cmd|' /C calc'!A0",
  'x\n=1+1',
  'x\r\n@SUM(1)',
  '＝1+1',
  'a;＋1',
  'a;\u3000=1',
  'Wang, "Lily"\n前台',
] as const;

const SEPARATORS = [',', ';', '\t', '|'] as const;

function hostileEntry(value: string): AuditEntry {
  return {
    seq: 7,
    at: '2030-01-01T00:00:00.000Z',
    operator: value,
    action: value,
    operationId: value,
    kind: 'uclbrt.qr.issue',
    state: 'failed',
    subject: value,
    error: { code: value, message: value },
    detail: value,
  };
}

describe('activity log CSV against spreadsheet formulas', () => {
  it.each(SEPARATORS.map((s) => [JSON.stringify(s), s] as const))(
    'no cell starts a formula when a spreadsheet splits the CSV on %s',
    (_name, separator) => {
      for (const value of HOSTILE) {
        const cells = readAsSpreadsheet(auditCsvRow(hostileEntry(value)), separator).flat();
        for (const cell of cells) expect(startsFormula(cell), `${JSON.stringify(value)} gave the cell ${JSON.stringify(cell)}`).toBe(false);
      }
    },
  );

  it('quotes every field holding a list separator, and keeps the text readable in a comma-separated reading', () => {
    expect(csvField('a;=1+1')).toBe(`"a;'=1+1"`);
    expect(csvField('r;=1+1')).toBe(`"r;'=1+1"`);
    expect(csvField('tab\there')).toBe('"tab\there"');
    expect(csvField('pipe|here')).toBe('"pipe|here"');
    expect(csvField('semi;colon')).toBe('"semi;colon"');
    expect(csvField('=1+1')).toBe(`'=1+1`);
    expect(csvField('room 101 - east')).toBe('room 101 - east');
    expect(csvField(-5)).toBe('-5');
    for (const value of HOSTILE) {
      const [row] = readAsSpreadsheet(auditCsvRow(hostileEntry(value)), ',');
      expect(row).toHaveLength(AUDIT_CSV_COLUMNS.length);
      // Only guard apostrophes are added; nothing is lost.
      expect(row[2].replace(/'/g, ''), JSON.stringify(value)).toBe(value.replace(/'/g, ''));
    }
  });

  it('an operator named a;=1+1 and a room r;=1+1 are exported quoted and inert', async () => {
    const t = tempDir('audit-csv-');
    const { outbox, registry } = createOutboxStack({ database: join(t.dir, 'station.db'), executor: new FakeExecutor(() => refused()) });
    cleanups.push(t.cleanup, () => outbox.close());
    const op = await outbox.submit(qrIssue('r;=1+1'), 'a;=1+1');
    await outbox.waitSettled(op.id, 10_000);
    mkdirSync(join(t.dir, 'out'));
    const file = join(t.dir, 'out', 'audit.csv');
    await registry.exportCsvFile(file);
    const text = readFileSync(file, 'utf8').slice(1);
    expect(text).toContain(`"a;'=1+1"`);
    expect(text).not.toMatch(/(^|[,;\t|\r\n])=1\+1/);
    for (const separator of SEPARATORS) {
      for (const cell of readAsSpreadsheet(text, separator).flat())
        expect(startsFormula(cell), `${JSON.stringify(separator)}: ${cell}`).toBe(false);
    }
  });
});
