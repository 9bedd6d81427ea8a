/**
 * Time for the pure FIAS parts (framer, link): they own their timers, as node-serialport's parsers
 * do, but through this clock so tests drive them without waiting.
 */
export type TimerHandle = { readonly __timer: true };

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle | undefined): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    // A timer of a link never keeps the process alive on its own.
    t.unref();
    return t as unknown as TimerHandle;
  },
  clearTimeout: (handle) => {
    if (handle) clearTimeout(handle as unknown as NodeJS.Timeout);
  },
};
