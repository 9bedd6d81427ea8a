/** 125 kHz ASCII serial reader (RDM6300 and similar): listen-only, 9600 8N1 by default. */
import { RepeatingReaderDriver, type ChunkDecoder, type RepeatingReaderOptions } from '../repeating-reader';
import { Rdm6300Framer } from './codec';

export type Rdm6300DriverOptions = RepeatingReaderOptions;

export class Rdm6300Driver extends RepeatingReaderDriver {
  readonly id = 'rdm6300' as const;
  protected readonly model = '125 kHz ASCII reader (RDM6300 framing)';
  /** Frames that failed their checksum or shape, for `doctor`. */
  invalidFrames = 0;

  constructor(options: Rdm6300DriverOptions) {
    super(options, 600);
  }

  protected newDecoder(): ChunkDecoder {
    const framer = new Rdm6300Framer();
    return (chunk, seen) => {
      for (const ev of framer.push(chunk)) {
        if (ev.kind === 'card') {
          seen({ uid: ev.id, serialBytes: ev.id.subarray(1), cardType: 'em4100' });
        } else {
          this.invalidFrames++;
          this.log?.debug('rdm6300: frame rejected', { reason: ev.reason });
        }
      }
    };
  }
}
