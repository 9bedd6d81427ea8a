/**
 * Decodes USB boot-keyboard input reports `[modifiers, reserved, key1..key6]` (HID usage IDs) into
 * the line a keyboard-style card reader types. Pure: feed reports in arrival order.
 */

const ENTER = 0x28;
const KEYPAD_ENTER = 0x58;
const ROLLOVER_ERROR = 0x01;
const SHIFT_MASK = 0x22; // left or right shift
const MAX_LINE = 64;

/** The character a usage ID types, or undefined for keys a card reader does not use. */
export function usageToChar(usage: number, shift: boolean): string | undefined {
  if (usage >= 0x04 && usage <= 0x1d) {
    const ch = String.fromCharCode(0x61 + usage - 0x04);
    return shift ? ch.toUpperCase() : ch;
  }
  if (usage >= 0x1e && usage <= 0x26) return String(usage - 0x1d);
  if (usage === 0x27) return '0';
  if (usage >= 0x59 && usage <= 0x61) return String(usage - 0x58);
  if (usage === 0x62) return '0';
  return undefined;
}

export class BootKeyboardDecoder {
  private held = new Set<number>();
  private line = '';

  /** Returns the typed line when a report presses Enter, otherwise undefined. */
  push(report: Uint8Array): string | undefined {
    // Some stacks prefix a report ID: 9 bytes with a leading 0 or 1.
    const r = report.length === 9 && report[0] <= 1 ? report.subarray(1) : report;
    if (r.length < 3) return undefined;
    const keys = Array.from(r.subarray(2, 8)).filter((k) => k !== 0);
    if (keys.some((k) => k === ROLLOVER_ERROR)) return undefined;
    const shift = (r[0] & SHIFT_MASK) !== 0;
    let done: string | undefined;
    for (const key of keys) {
      if (this.held.has(key)) continue; // still held from the previous report
      if (key === ENTER || key === KEYPAD_ENTER) {
        done = this.line;
        this.line = '';
        continue;
      }
      const ch = usageToChar(key, shift);
      if (ch !== undefined && this.line.length < MAX_LINE) this.line += ch;
    }
    this.held = new Set(keys);
    return done !== undefined && done.length > 0 ? done : undefined;
  }

  reset(): void {
    this.held.clear();
    this.line = '';
  }
}
