import { useEffect, useRef } from 'react';
import type { CardRead } from '../../../../shared/domain/encoder';
import { useCard } from '../../store/card';

/**
 * Calls `onCard` whenever a card is placed while the screen is open (and once for a card already
 * on the encoder when the screen opens).
 */
export function useCardOnEncoder(onCard: (card: CardRead) => void): void {
  const seq = useCard((s) => s.seq);
  const ref = useRef(onCard);
  useEffect(() => {
    ref.current = onCard;
  });
  useEffect(() => {
    const { card, present } = useCard.getState();
    if (card && present) ref.current(card);
  }, [seq]);
}
