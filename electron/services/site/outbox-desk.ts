/** The sync service's view of the desk's outbox: queue what this desk adopted, withdraw what another desk adopted. */
import { stationError } from '../../../shared/errors';
import type { Outbox } from '../outbox';
import type { StationData } from '../store/station-data';
import type { SiteDesk } from './sync';

export function outboxDesk(outbox: Outbox, data: Pick<StationData, 'operations' | 'audit'>): SiteDesk {
  return {
    queueAdopted: (request, operator, inSameCommit) => outbox.submit(request, operator, { inSameCommit }),
    async withdrawAdopted(operationId, by) {
      const op = data.operations.find(operationId);
      if (!op) return 'absent';
      if (op.state !== 'queued' && op.state !== 'failed' && op.state !== 'uncertain') return 'settled';
      await outbox.discard(operationId, 'site');
      data.audit.append({
        at: new Date().toISOString(),
        operator: 'site',
        action: 'operation.adopted-elsewhere',
        operationId,
        kind: op.kind,
        state: 'discarded',
        subject: op.subject,
        error: stationError('site.adopted-elsewhere', { by }),
        detail: `taken over by desk ${by}`,
      });
      return 'withdrawn';
    },
    wake: () => outbox.wake(),
  };
}
