import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { auditCsvRow, csvField } from '../../electron/services/audit/csv';
import { createOutboxStack, type OutboxStack } from '../../electron/services/outbox';
import { FakeExecutor, qrIssue, refused, reportLost, req, tempDir } from './helpers';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function stack(executor = new FakeExecutor()): OutboxStack & { dir: string } {
  const t = tempDir('registry-');
  const s = createOutboxStack({ database: join(t.dir, 'station.db'), executor, backoff: { baseMs: 20, capMs: 100, rateLimitMs: 100 } });
  cleanups.push(t.cleanup, () => s.outbox.close());
  return { ...s, dir: t.dir };
}

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF inside quotes). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

describe('card registry', () => {
  it('finds cards by room, mobile (whole or last four digits) and card number', async () => {
    let n = 0;
    const { outbox, registry } = stack(new FakeExecutor(() => ({ kind: 'success', result: { cardNo: `QRCARD${++n}00` } })));
    const a = await outbox.submit(qrIssue('1203', '13900001111'), 'desk');
    const b0 = await outbox.submit(qrIssue('1204', '13900002222'), 'desk');
    await outbox.waitSettled(a.id, 10_000);
    await outbox.waitSettled(b0.id, 10_000);
    expect((await registry.find({ query: '1203', limit: 50 })).map((c) => c.roomNo)).toEqual(['1203']);
    expect((await registry.find({ query: '13900002222', limit: 50 })).map((c) => c.roomNo)).toEqual(['1204']);
    expect((await registry.find({ query: '2222', limit: 50 })).map((c) => c.roomNo)).toEqual(['1204']);
    const byCard = await registry.find({ query: 'QRCARD100', limit: 50 });
    expect(byCard).toHaveLength(1);
    expect(byCard[0]).toMatchObject({ roomNo: '1203', status: 'active', holderMobile: '13900001111' });
    expect(await registry.find({ query: 'nothing-like-this', limit: 50 })).toEqual([]);
    const b = await outbox.submit(
      req({ kind: 'uclbrt.qr.issue', input: { buildNo: '2', floorNo: '12', roomNo: '1203', mobile: '13900003333' } }),
      'desk',
    );
    await outbox.waitSettled(b.id, 10_000);
    expect((await registry.find({ query: '2-12-1203', limit: 50 })).map((c) => c.holderMobile)).toEqual(['13900003333']);
    expect(await registry.find({ query: '1203', limit: 50 })).toHaveLength(2);
  });

  it('shows a card with its history, and whole-room loss marks every card of the room lost', async () => {
    let n = 0;
    const { outbox, registry } = stack(
      new FakeExecutor((c) => ({ kind: 'success', result: c.kind === 'uclbrt.qr.issue' ? { cardNo: `ROOMCARD${++n}` } : {} })),
    );
    for (const mobile of ['13800000001', '13800000002']) {
      const op = await outbox.submit(qrIssue('501', mobile), 'desk');
      await outbox.waitSettled(op.id, 10_000);
    }
    const lost = await outbox.submit(reportLost('ROOMCARD1', true), 'manager');
    expect((await outbox.waitSettled(lost.id, 10_000)).state).toBe('done');
    const cards = await registry.find({ query: '501', limit: 10 });
    expect(cards.map((c) => c.status)).toEqual(['lost', 'lost']);
    const details = await registry.details({ cardNo: 'ROOMCARD1' });
    expect(details.card?.cardNo).toBe('ROOMCARD1');
    expect(details.history.map((h) => `${h.operator} ${h.action}`).reverse()).toEqual([
      'desk operation.accepted',
      'desk operation.done',
      'manager operation.accepted',
      'manager operation.done',
    ]);
  });

  it('marks an issued card failed when the cloud refuses it', async () => {
    const { outbox, registry } = stack(new FakeExecutor(() => refused()));
    const op = await outbox.submit(
      req({ kind: 'uclbrt.prox.issue', input: { serialNum: 'a1b2c3d4', roomNo: '302', end: '2030-01-01T12:00', lockType: 'RFLOCK-V9' } }),
      'desk',
    );
    expect((await outbox.waitSettled(op.id, 10_000)).state).toBe('failed');
    const [card] = await registry.find({ query: 'A1B2', limit: 5 });
    expect(card).toMatchObject({ serialNum: 'A1B2C3D4', roomNo: '302', status: 'failed' });
  });
});

describe('activity log export', () => {
  it('escapes commas, quotes, line breaks and formula starts', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line1\nline2')).toBe('"line1\nline2"');
    expect(csvField(' padded ')).toBe('" padded "');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField(undefined)).toBe('');
    expect(csvField(42)).toBe('42');
  });

  it('round-trips awkward operator names and Chinese text through a CSV file', async () => {
    const { outbox, registry, dir } = stack(new FakeExecutor(() => refused()));
    const nasty = 'Wang, "Lily"\n前台';
    const op = await outbox.submit(reportLost('CSVCARD1'), nasty);
    await outbox.waitSettled(op.id, 10_000);
    mkdirSync(join(dir, 'out'));
    const file = join(dir, 'out', 'audit.csv');
    const written = await registry.exportCsvFile(file);
    expect(written.rows).toBe(2);
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsv(text.slice(1));
    expect(rows[0]).toEqual([
      'seq',
      'at',
      'operator',
      'action',
      'operation_id',
      'kind',
      'state',
      'subject',
      'error_code',
      'error_message',
      'detail',
    ]);
    expect(rows.slice(1).map((r) => [r[2], r[3], r[4]])).toEqual([
      [nasty, 'operation.accepted', op.id],
      [nasty, 'operation.failed', op.id],
    ]);
    const ipc = await registry.auditCsv({ action: 'operation.failed', limit: 100, offset: 0 });
    expect(ipc.rows).toBe(1);
    expect(parseCsv(ipc.csv)[1][9]).toContain('refused by the cloud');
    expect(auditCsvRow({ seq: 1, at: 'now', operator: 'x', action: 'a' })).toBe('1,now,x,a,,,,,,,\r\n');
  });

  it('never creates folders or replaces a file unless asked to', async () => {
    const { registry, dir } = stack();
    await expect(registry.exportCsvFile(join(dir, 'missing', 'audit.csv'))).rejects.toMatchObject({
      error: { code: 'outbox.export-folder-missing' },
    });
    expect(existsSync(join(dir, 'missing'))).toBe(false);
    const file = join(dir, 'audit.csv');
    writeFileSync(file, 'keep me');
    await expect(registry.exportCsvFile(file)).rejects.toMatchObject({
      error: { code: 'outbox.export-exists', message: `${file} already exists, so the activity log was not written.` },
    });
    expect(readFileSync(file, 'utf8')).toBe('keep me');
    await registry.exportCsvFile(file, {}, { overwrite: true });
    expect(readFileSync(file, 'utf8')).toContain('seq,at,operator');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('fails with a clear error when the file cannot be written', async () => {
    const { registry, dir } = stack();
    const target = join(dir, 'station.db', 'cannot-be-a-dir.csv');
    await expect(registry.exportCsvFile(target)).rejects.toMatchObject({
      error: { code: 'outbox.export-failed' },
    });
  });
});
