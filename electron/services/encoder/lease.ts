/**
 * The encoder is one physical device: one job at a time uses it (a clerk's screen waiting for a
 * card at the desk, or a PMS request making keys). A job takes the lease for as long as it needs
 * cards; anyone else asking meanwhile is refused with `encoder.busy`, naming who has it and whom to
 * ask. The same owner may take it again (two reads from the same window at once share it).
 */
import { StationFailure } from '../failure';

export interface EncoderOwner {
  /** Same id = same job (re-entrant). `desk` or `desk:<window>` for the desk, `pms:...` for the PMS. */
  id: string;
  /** What the clerk or the PMS is told has the encoder: "Desk (Li Na): new key for room 1203", "PMS: 2 keys for room 1203". */
  label: string;
  labelZh: string;
}

/** The desk: a window's screen (`desk:<window>`) or a desk read without a window (the CLI's `read`). */
export function isDeskOwner(owner: Pick<EncoderOwner, 'id'>): boolean {
  return owner.id === DESK_OWNER.id || owner.id.startsWith(`${DESK_OWNER.id}:`);
}

/** `encoder.busy`: who has the encoder, and whom the one refused can ask (the clerk at the desk, the PMS user). */
export function busyFailure(holder: EncoderOwner): StationFailure {
  const desk = isDeskOwner(holder);
  return StationFailure.of('encoder.busy', {
    holder: desk ? 'desk' : 'pms',
    owner: holder.label,
    ownerZh: holder.labelZh,
    whom: desk ? 'ask the clerk at the desk to finish or leave that screen' : 'ask the PMS user about that request',
    whomZh: desk ? '请前台店员完成或离开该页面' : '向 PMS 用户询问该请求',
  });
}

export class EncoderLeases {
  private holder: { owner: EncoderOwner; count: number } | undefined;

  /** `onChange` hears every change of holder (taken, given back), not a re-entrant take. */
  constructor(private readonly onChange: (holder: EncoderOwner | undefined) => void = () => {}) {}

  /** Takes the encoder; returns the release function (calling it twice is harmless). */
  acquire(owner: EncoderOwner): () => void {
    if (this.holder && this.holder.owner.id !== owner.id) throw busyFailure(this.holder.owner);
    if (this.holder) this.holder.count++;
    else {
      this.holder = { owner, count: 1 };
      this.onChange(owner);
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (!this.holder || this.holder.owner.id !== owner.id) return;
      this.holder.count--;
      if (this.holder.count === 0) {
        this.holder = undefined;
        this.onChange(undefined);
      }
    };
  }

  current(): EncoderOwner | undefined {
    return this.holder?.owner;
  }
}

export const DESK_OWNER: EncoderOwner = { id: 'desk', label: 'a clerk at this desk is reading a card', labelZh: '前台店员正在读卡' };
