import { useEffect, useRef } from 'react';

/** Esc backs out one level: the innermost screen part that registered a handler gets it first. */
const stack: Array<{ current: () => boolean }> = [];

export function useEscape(handler: () => boolean): void {
  const ref = useRef(handler);
  useEffect(() => {
    ref.current = handler;
  });
  useEffect(() => {
    const entry = ref;
    stack.push(entry);
    return () => {
      const i = stack.lastIndexOf(entry);
      if (i >= 0) stack.splice(i, 1);
    };
  }, []);
}

/** Returns true when some registered handler took the Esc. */
export function dispatchEscape(): boolean {
  for (let i = stack.length - 1; i >= 0; i--) if (stack[i].current()) return true;
  return false;
}
