import { describe, expect, it } from 'vitest';
import { KeyboardWedge, type WedgeVerdict } from '../../renderer/src/encoder/keyboard-wedge';

function type(wedge: KeyboardWedge, text: string, gapMs: number, start = 1000): WedgeVerdict[] {
  const keys = [...text].map((k) => (k === '\n' ? 'Enter' : k));
  return keys.map((key, i) => wedge.feed({ key, timeStamp: start + i * gapMs }));
}

describe('keyboard-wedge burst detector', () => {
  it('recognises a reader burst ended by Enter', () => {
    const verdicts = type(new KeyboardWedge(), '0000552173\n', 8);
    expect(verdicts.slice(0, -1).every((v) => v.kind === 'pending')).toBe(true);
    expect(verdicts.at(-1)).toEqual({ kind: 'card', text: '0000552173' });
  });

  it('treats the same keys typed at human speed as typing', () => {
    const verdicts = type(new KeyboardWedge(), '0000552173\n', 120);
    expect(verdicts.some((v) => v.kind === 'card')).toBe(false);
    expect(verdicts.at(-1)).toMatchObject({ kind: 'typing' });
  });

  it('does not accept a too-short burst (a person hitting keys and Enter quickly)', () => {
    expect(type(new KeyboardWedge(), '12\n', 5).at(-1)).toEqual({ kind: 'typing', text: '12' });
  });

  it('lets Shift through without breaking a burst (readers typing upper-case hex)', () => {
    const w = new KeyboardWedge();
    const events = ['Shift', '0', '4', 'Shift', 'A', '2', '2', 'B', '1', 'C', 'Enter'];
    const verdicts = events.map((key, i) => w.feed({ key, timeStamp: 50 + i * 4 }));
    expect(verdicts.at(-1)).toEqual({ kind: 'card', text: '04A22B1C' });
  });

  it('finds a burst right after slow typing, and releases held keys on expiry', () => {
    const w = new KeyboardWedge();
    expect(w.feed({ key: '9', timeStamp: 0 })).toEqual({ kind: 'pending' });
    expect(w.feed({ key: '1', timeStamp: 500 })).toEqual({ kind: 'typing', text: '9' });
    const rest = type(w, '2345678\n', 6, 505);
    expect(rest.at(-1)).toEqual({ kind: 'card', text: '12345678' });
    w.feed({ key: '7', timeStamp: 2000 });
    expect(w.expire(2010)).toEqual({ kind: 'pending' });
    expect(w.expire(2100)).toEqual({ kind: 'typing', text: '7' });
  });

  it('a non-card key breaks the burst', () => {
    const w = new KeyboardWedge();
    type(w, '1234', 5);
    expect(w.feed({ key: 'Backspace', timeStamp: 1025 })).toEqual({ kind: 'typing', text: '1234' });
  });
});
