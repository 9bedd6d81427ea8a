import { EventEmitter } from 'node:events';
import { EVENTS, type EventName, type EventPayloadOf } from '../../shared/ipc/contract';

/** The station's push events, typed by the contract; main forwards them to every window. */
export class StationEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(100);
  }

  emit<E extends EventName>(event: E, payload: EventPayloadOf<E>): void {
    this.emitter.emit(event, payload);
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayloadOf<E>) => void): () => void {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }

  /** Every event, for transports that forward all of them. */
  onAny(listener: (event: EventName, payload: unknown) => void): () => void {
    const offs = EVENTS.map((e) => this.on(e, (p) => listener(e, p)));
    return () => offs.forEach((off) => off());
  }
}
