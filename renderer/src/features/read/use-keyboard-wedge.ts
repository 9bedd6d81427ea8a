import { useEffect, useRef } from 'react';
import { KeyboardWedge } from '../../encoder/keyboard-wedge';

function isTextField(el: Element | null): boolean {
  return (
    el instanceof HTMLInputElement ||
    el instanceof HTMLTextAreaElement ||
    el instanceof HTMLSelectElement ||
    (el instanceof HTMLElement && el.isContentEditable)
  );
}

/**
 * HID keyboard readers (Windows owns them as keyboards) type the card number and press Enter, far
 * faster than a person. While the Read screen is open and no text field has focus, such a burst
 * opens the card; the Enter that ends it does not also press the focused button.
 */
export function useKeyboardWedge(onSerial: (serialNum: string) => void): void {
  const ref = useRef(onSerial);
  useEffect(() => {
    ref.current = onSerial;
  });
  useEffect(() => {
    const wedge = new KeyboardWedge();
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || isTextField(document.activeElement)) {
        wedge.reset();
        return;
      }
      const verdict = wedge.feed({ key: e.key, timeStamp: e.timeStamp });
      if (verdict.kind === 'card') {
        e.preventDefault();
        e.stopPropagation();
        ref.current(verdict.text.toUpperCase());
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
}
