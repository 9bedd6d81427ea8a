/**
 * The encoder is one physical device: one job at a time uses it (a clerk reading a card at the
 * desk, or a PMS request making keys). A job takes the lease for as long as it needs cards; anyone
 * else asking meanwhile is refused with `encoder.busy`, naming who has it. The same owner may take
 * it again (two reads from the desk at once share it).
 */
import { StationFailure } from '../failure';

export interface EncoderOwner {
  /** Same id = same job (re-entrant). */
  id: string;
  /** What the clerk or the PMS is told has the encoder: "the desk", "PMS: 2 keys for room 1203". */
  label: string;
  labelZh: string;
}

export class EncoderLeases {
  private holder: { owner: EncoderOwner; count: number } | undefined;

  /** Takes the encoder; returns the release function (calling it twice is harmless). */
  acquire(owner: EncoderOwner): () => void {
    if (this.holder && this.holder.owner.id !== owner.id) {
      throw StationFailure.of('encoder.busy', { owner: this.holder.owner.label, ownerZh: this.holder.owner.labelZh });
    }
    if (this.holder) this.holder.count++;
    else this.holder = { owner, count: 1 };
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (!this.holder || this.holder.owner.id !== owner.id) return;
      this.holder.count--;
      if (this.holder.count === 0) this.holder = undefined;
    };
  }

  current(): EncoderOwner | undefined {
    return this.holder?.owner;
  }
}

export const DESK_OWNER: EncoderOwner = { id: 'desk', label: 'a clerk at this desk is reading a card', labelZh: '前台店员正在读卡' };
