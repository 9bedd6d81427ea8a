/**
 * Key requests for one encoder run one at a time, in arrival order; requests for different
 * encoders run side by side. A request whose time runs out before its turn never runs (the PMS
 * has been told the encoder was busy, so it must not get keys it was told it did not get).
 */
export type QueuedRun<T> = { started: true; value: T } | { started: false; ahead: number };

export class EncoderQueues {
  private readonly lines = new Map<string, { tail: Promise<void>; pending: number }>();

  /** Requests waiting or running for this encoder. */
  pending(encoderId: string): number {
    return this.lines.get(encoderId)?.pending ?? 0;
  }

  /**
   * Runs `job` when the requests before it for this encoder are done. It does not run if `signal`
   * aborts first, or if, when its turn comes, `canStart` says too little time is left.
   */
  async run<T>(encoderId: string, job: () => Promise<T>, signal: AbortSignal, canStart: () => boolean = () => true): Promise<QueuedRun<T>> {
    const line = this.lines.get(encoderId) ?? { tail: Promise.resolve(), pending: 0 };
    this.lines.set(encoderId, line);
    const ahead = line.pending;
    line.pending++;
    const previous = line.tail;
    let finish!: () => void;
    line.tail = new Promise<void>((resolve) => (finish = resolve));
    const leave = () => {
      line.pending--;
      if (line.pending === 0 && this.lines.get(encoderId) === line) this.lines.delete(encoderId);
    };

    const turn = await Promise.race([previous.then(() => 'turn' as const), aborted(signal)]);
    if (turn === 'aborted' || signal.aborted || !canStart()) {
      // Our place in the line passes on only when the one before us is done.
      void previous.then(() => {
        leave();
        finish();
      });
      return { started: false, ahead };
    }
    try {
      return { started: true, value: await job() };
    } finally {
      leave();
      finish();
    }
  }
}

function aborted(signal: AbortSignal): Promise<'aborted'> {
  if (signal.aborted) return Promise.resolve('aborted');
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve('aborted'), { once: true }));
}
