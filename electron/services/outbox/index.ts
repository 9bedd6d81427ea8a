import { Registry } from '../registry/service';
import { Outbox, type OutboxOptions } from './service';

export { Outbox, type OutboxOptions, type OutboxStores } from './service';

export interface OutboxStack {
  outbox: Outbox;
  registry: Registry;
}

/** For tools and tests: an outbox on a database file, and the registry on the same stores. */
export function createOutboxStack(options: OutboxOptions): OutboxStack {
  const outbox = new Outbox(options);
  return { outbox, registry: new Registry(outbox.data.cards, outbox.data.audit) };
}
