import { create } from 'zustand';
import type { CardRead } from '../../../shared/domain/encoder';

/** The card on the encoder, as main's events report it. */
interface CardStore {
  card: CardRead | null;
  present: boolean;
  /** Increments on each placement, so screens react to the same card placed twice. */
  seq: number;
  placed(card: CardRead): void;
  removed(uid: string): void;
  /** Another person took over the window: nothing of the last guest's card stays. */
  reset(): void;
}

export const useCard = create<CardStore>((set) => ({
  card: null,
  present: false,
  seq: 0,
  placed: (card) => set((s) => ({ card, present: true, seq: s.seq + 1 })),
  removed: (uid) => set((s) => (s.card && s.card.uid !== uid ? s : { present: false })),
  reset: () => set({ card: null, present: false }),
}));
