/** USB HID keyboard card reader opened directly (Linux, macOS): decodes its boot-keyboard reports. */
import { RepeatingReaderDriver, type ChunkDecoder, type RepeatingReaderOptions } from '../repeating-reader';
import type { TransportOpener } from '../types';
import { BootKeyboardDecoder } from './keyboard-report';
import { typedNumberToBytes } from './typed-number';

export interface HidDriverOptions extends RepeatingReaderOptions {
  /** Opens the device; every data chunk it delivers is one input report. */
  open: TransportOpener;
  /** A keyboard reader types once per card: count it removed after this long, ms. */
  removeAfterMs?: number;
}

export class HidKeyboardDriver extends RepeatingReaderDriver {
  readonly id = 'hid' as const;
  protected readonly model = 'USB keyboard card reader';

  constructor(options: HidDriverOptions) {
    super(options, 1000);
  }

  protected newDecoder(): ChunkDecoder {
    const decoder = new BootKeyboardDecoder();
    return (report, seen) => {
      const line = decoder.push(report);
      if (line === undefined) return;
      const bytes = typedNumberToBytes(line);
      if (!bytes) {
        this.log?.debug('hid reader typed something that is not a card number', { length: line.length });
        return;
      }
      seen({ uid: bytes, serialBytes: bytes, cardType: 'keyboard-reader' });
    };
  }
}
