/**
 * The permission rules that depend on what a request asks (shared/permissions.ts REQUEST_ACCESS),
 * applied the same way for the window and the CLI.
 */
import type { OperationRequest } from '../../../shared/domain/operations';
import { REQUEST_ACCESS } from '../../../shared/permissions';
import type { SignedInOperator } from '../../../shared/staff';
import type { OutboxService, RegistryService, RoomsService } from '../services';
import type { StaffService } from './service';

/** The lock cannot report one card lost: only the whole room (UCLBRT's code). */
const WHOLE_ROOM_NEEDED = 'uclbrt.5217';

/** The card a cancel (or a delete from a Tuya lock) is about; undefined for every other kind. */
function cancelledCard(request: OperationRequest) {
  switch (request.kind) {
    case 'uclbrt.qr.cancel':
      return { cardNo: request.input.cardNo };
    case 'uclbrt.prox.cancel':
      return { serialNum: request.input.serialNum };
    case 'tuya.delete':
      return { deviceId: request.input.deviceId, lockCardId: request.input.lockCardId };
    default:
      return undefined;
  }
}

/**
 * What a request typed by a person passes before it is queued: "cancel any card" (cancelling a card
 * this station has no record of needs a supervisor), and a room it names must be in the directory.
 */
export function checkSubmit(
  station: { staff: StaffService; registry: RegistryService; rooms: Pick<RoomsService, 'checkRequestRoom'> },
  request: OperationRequest,
  operator: SignedInOperator,
): void {
  const card = cancelledCard(request);
  if (card && !station.registry.knowsCard(card)) station.staff.require(operator, REQUEST_ACCESS.cancelUnknownCard);
  station.rooms.checkRequestRoom(request);
}

/**
 * Edit and resend is a supervisor's. The one follow-up a clerk may send: their loss report that the
 * lock refused for a single card (uclbrt.5217), sent again for the whole room of the same card, as
 * the Report lost screen offers it.
 */
export async function checkResend(
  station: { staff: StaffService; outbox: OutboxService; registry: RegistryService; rooms: Pick<RoomsService, 'checkRequestRoom'> },
  id: string,
  request: OperationRequest,
  operator: SignedInOperator,
): Promise<void> {
  checkSubmit(station, request, operator);
  const old = await station.outbox.get(id);
  const wholeRoomFollowUp =
    old.kind === 'uclbrt.qr.reportLost' &&
    request.kind === 'uclbrt.qr.reportLost' &&
    old.state === 'failed' &&
    old.lastError?.code === WHOLE_ROOM_NEEDED &&
    request.input.wholeRoom === true &&
    old.input.cardNo === request.input.cardNo;
  if (!wholeRoomFollowUp) station.staff.require(operator, REQUEST_ACCESS.editAndResend);
}

/** Sending an uncertain operation again is a person's decision that it did not reach the cloud: a supervisor's. */
export async function checkRetry(
  station: { staff: StaffService; outbox: OutboxService },
  id: string,
  operator: SignedInOperator,
): Promise<void> {
  if ((await station.outbox.get(id)).state === 'uncertain') station.staff.require(operator, REQUEST_ACCESS.resolveUncertain);
}
