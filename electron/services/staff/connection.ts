/**
 * One window's (or browser harness socket's) session. The transport creates it when the renderer
 * connects and closes it when it goes; the dispatcher reads who is signed in from it. The URL token
 * of the browser harness opens a connection, never a session: every connection starts signed out.
 */
import type { SessionView, SignedInOperator } from '../../../shared/staff';

export interface Session {
  operator: SignedInOperator;
  locked: boolean;
  /** Epoch ms of the last input the renderer reported (or the sign-in). */
  lastActivityAt: number;
}

export class StaffConnection {
  session: Session | null = null;
  /** Bumps when the person changes, so the renderer discards what the previous one typed. */
  epoch = 0;
  closed = false;
  idleTimer: NodeJS.Timeout | undefined;
  private readonly listeners = new Set<(view: SessionView) => void>();
  private readonly closeListeners = new Set<() => void>();

  constructor(
    readonly id: number,
    /** `window`, `harness`: for the log. */
    readonly label: string,
    private readonly release: (connection: StaffConnection) => void,
  ) {}

  /** Who may act on this connection now, or undefined (signed out or locked). */
  get actor(): SignedInOperator | undefined {
    return this.session && !this.session.locked ? this.session.operator : undefined;
  }

  onChange(listener: (view: SessionView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Hears the transport go (the window closed, the harness socket dropped). */
  onClose(listener: () => void): () => void {
    if (this.closed) {
      listener();
      return () => {};
    }
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  notify(view: SessionView): void {
    for (const listener of this.listeners) listener(view);
  }

  /** The transport went away: its session ends with it. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.idleTimer);
    this.listeners.clear();
    for (const listener of [...this.closeListeners]) listener();
    this.closeListeners.clear();
    this.release(this);
  }
}
