/**
 * Readers that only ever say "this card" (125 kHz ASCII readers repeating their frame, keyboard
 * readers typing a number) have no "removed" message: a card counts as removed when its repeats
 * stop for `removeAfterMs`, and repeats while it stays are collapsed into one card-present.
 */
import { sameUid } from './driver-base';
import type { CardPresence } from './types';

export class RepeatPresence {
  private current?: CardPresence;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly removeAfterMs: number,
    private readonly present: (card: CardPresence) => void,
    private readonly removed: () => void,
  ) {}

  seen(card: CardPresence): void {
    if (this.timer) clearTimeout(this.timer);
    if (!this.current || !sameUid(this.current.uid, card.uid)) {
      if (this.current) this.removed();
      this.current = card;
      this.present(card);
    }
    this.timer = setTimeout(() => this.clear(), this.removeAfterMs);
  }

  clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.current) {
      this.current = undefined;
      this.removed();
    }
  }
}
