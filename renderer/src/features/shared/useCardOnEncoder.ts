import { useEffect, useRef } from 'react';
import type { CardRead } from '../../../../shared/domain/encoder';
import { useCard } from '../../store/card';

/**
 * Calls `onCard` whenever a card is placed while the screen is open (and once for a card already
 * on the encoder when the screen opens). With `accept` false (another window holds the encoder:
 * useEncoderHold's `acceptsCards`) the cards placed meanwhile are not this screen's.
 */
export function useCardOnEncoder(onCard: (card: CardRead) => void, accept = true): void {
  const seq = useCard((s) => s.seq);
  const ref = useRef(onCard);
  const accepting = useRef(accept);
  useEffect(() => {
    ref.current = onCard;
    accepting.current = accept;
  });
  useEffect(() => {
    const { card, present } = useCard.getState();
    if (card && present && accepting.current) ref.current(card);
  }, [seq]);
}
