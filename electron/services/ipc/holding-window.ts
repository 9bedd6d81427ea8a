/**
 * A window (or harness socket) as the encoder's desk holds see it: its hold ends with its session
 * (locked, signed out, taken over) or with the connection, and counts idle time from the person's
 * last input there (what the idle lock counts from).
 */
import type { DeskEncoderJob } from '../../../shared/domain/encoder';
import type { SignedInOperator } from '../../../shared/staff';
import { deskJobLabel } from '../encoder/desk-job';
import { deskOwnerId, type HoldingWindow } from '../encoder/desk-holds';
import type { EncoderOwner } from '../encoder/lease';
import type { StaffConnection } from '../staff/connection';

export function holdingWindow(connection: StaffConnection): HoldingWindow {
  return {
    id: connection.id,
    lastInputAt: () => connection.session?.lastActivityAt,
    onEnd(listener) {
      const offChange = connection.onChange((view) => {
        if (!view.operator || view.locked) listener();
      });
      const offClose = connection.onClose(listener);
      return () => {
        offChange();
        offClose();
      };
    },
  };
}

/** The window's own owner of the encoder, for a read it waits on (shared with its screens' holds). */
export function windowEncoderOwner(connection: StaffConnection, operator: SignedInOperator, job: DeskEncoderJob): EncoderOwner {
  return { id: deskOwnerId(connection), ...deskJobLabel(job, operator.name) };
}
