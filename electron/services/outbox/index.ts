import { Registry } from '../registry/service';
import { Outbox, type OutboxOptions } from './service';

export { Outbox, type OutboxOptions } from './service';

export interface OutboxStack {
  outbox: Outbox;
  registry: Registry;
}

/** Opens the station database and builds the outbox and the registry on it. */
export function createOutboxStack(options: OutboxOptions): OutboxStack {
  const outbox = new Outbox(options);
  return { outbox, registry: new Registry(outbox.cards, outbox.audit) };
}
