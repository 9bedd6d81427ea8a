/**
 * The outbox's view of the clouds: each operation kind as the client call it is (`performOperation`,
 * the one place), and the executor that runs it and classifies what came back.
 */
import type { StationConfig } from '../../../shared/config';
import { providerOf, type OperationBody } from '../../../shared/domain/operations';
import { StationFailure } from '../failure';
import type { SecretStore } from '../secrets/secret-store';
import { isVendorCode } from './call-error';
import { CloudClients, probeProvider, type CloudClientOptions } from './clients';
import type { CloudExecutor, CloudOutcome } from './executor';
import type { CloudHealth } from './health';
import { attempt, classifyFailure, maskOutcome } from './outcome';
import { uclbrtCreator, type UclbrtSettings } from './settings';
import { localToUclbrtTime, uclbrtTimeToLocal, zonedWallTimeToInstant } from './uclbrt/time';
import { issueMacRequired, operateCardTypeFor } from './uclbrt/validate';

export interface CloudExecutorOptions extends CloudClientOptions {
  /** Where every attempt's outcome is recorded (the cloud service's tracker, which lookups feed too). */
  health?: CloudHealth;
  /** The zone Tuya validity times are read in (default: this computer's). */
  stationTimeZone?: string;
}

const OPENTYPE = { single: '0', 'normally-open': '1' } as const;
const CARD_TYPE = { room: '0', floor: '1', building: '2' } as const;
const CIPHER_TYPE = { none: '0', period: '1', 'one-time': '2' } as const;
const bit = (b: boolean) => (b ? '1' : '0');

function issueMacFor(s: UclbrtSettings, lockType: UclbrtSettings['lockType']): string | undefined {
  if (!issueMacRequired(lockType)) return undefined;
  if (!s.issueMac)
    throw StationFailure.of(
      'station.validation',
      { detail: 'choose the card issuer (issueMac) in Settings' },
      { field: 'encoder.issueMac' },
    );
  return s.issueMac.toUpperCase();
}

/** A cancel sent again after an uncertain first attempt finds the card already gone (5301, 5308): that is the goal. */
async function cancelled<T extends Record<string, unknown>>(
  cancel: () => Promise<unknown>,
  result: T,
): Promise<T & { alreadyCancelled?: true }> {
  try {
    await cancel();
    return result;
  } catch (err) {
    if (isVendorCode(err, '5301', '5308')) return { ...result, alreadyCancelled: true };
    throw err;
  }
}

/** The one place each operation kind becomes a client call; returns what the cloud answered. */
export async function performOperation(
  clients: CloudClients,
  op: OperationBody,
  stationTimeZone: string,
): Promise<Record<string, unknown>> {
  const toMs = (local: string | undefined) => (local ? zonedWallTimeToInstant(local, stationTimeZone) : undefined);
  switch (op.kind) {
    case 'uclbrt.qr.issue': {
      const { input } = op;
      const { client, settings: s } = await clients.uclbrt();
      const answer = await client.getLink(
        {
          mobile: input.mobile,
          areaCode: input.areaCode,
          communityNo: s.communityNo,
          buildNo: input.buildNo,
          floorNo: input.floorNo,
          roomNo: input.roomNo,
          startTime: input.start ? localToUclbrtTime(input.start, s.timezone) : undefined,
          endTime: input.end ? localToUclbrtTime(input.end, s.timezone) : undefined,
          cardType: CARD_TYPE[input.cardType],
          times: input.times === undefined ? undefined : String(input.times),
          opentype: OPENTYPE[input.opentype],
          sendSms: bit(input.sendSms),
          isLost: bit(input.isLost),
          cipherType: CIPHER_TYPE[input.cipherType],
          outInfo: input.outInfo || undefined,
        },
        { lockType: input.lockType ?? s.lockType },
      );
      return { cardNo: answer.cardNo, cardType: input.cardType, ...(answer.password ? { password: answer.password } : {}) };
    }
    case 'uclbrt.qr.reportLost': {
      const { input } = op;
      const { client } = await clients.uclbrt();
      await client.reportLost({ cardNo: input.cardNo, cardType: '0', wholeRoom: bit(input.wholeRoom) });
      return { cardNo: input.cardNo, wholeRoom: input.wholeRoom };
    }
    case 'uclbrt.qr.cancel': {
      const { input } = op;
      const { client } = await clients.uclbrt();
      return cancelled(() => client.cancelCard({ cardNo: input.cardNo }), { cardNo: input.cardNo });
    }
    case 'uclbrt.prox.issue': {
      const { input } = op;
      const { client, settings: s } = await clients.uclbrt();
      const answer = await client.makeRoomCard(
        {
          communityNo: s.communityNo,
          issueMac: issueMacFor(s, input.lockType),
          buildNo: input.buildNo,
          floorNo: input.floorNo,
          roomNo: input.roomNo,
          endTime: localToUclbrtTime(input.end, s.timezone),
          owner: input.owner || undefined,
          ownerMobile: input.ownerMobile,
          ownerAreaCode: input.ownerMobile ? input.ownerAreaCode : undefined,
          opentype: OPENTYPE[input.opentype],
          isLost: bit(input.isLost),
          serialNum: input.serialNum,
          ...uclbrtCreator(s),
        },
        { lockType: input.lockType },
      );
      return {
        serialNum: typeof answer.serialNum === 'string' ? answer.serialNum : input.serialNum,
        roomNo: input.roomNo,
        validTo: typeof answer.endTime === 'string' && answer.endTime ? uclbrtTimeToLocal(answer.endTime) : input.end,
      };
    }
    case 'uclbrt.prox.cancel': {
      const { input } = op;
      const { client, settings: s } = await clients.uclbrt();
      return cancelled(
        () =>
          client.cancelProximityCard(
            {
              communityNo: s.communityNo,
              issueMac: issueMacFor(s, input.lockType),
              serialNum: input.serialNum,
              operateCardType: operateCardTypeFor(input.lockType),
              ...uclbrtCreator(s),
            },
            { lockType: input.lockType },
          ),
        { serialNum: input.serialNum },
      );
    }
    case 'tuya.issue': {
      const { input } = op;
      const { client, settings: s } = await clients.tuya();
      const r = await client.issueCard(s.projectId, input.deviceId, input.cardId, toMs(input.start), toMs(input.end));
      return { deviceId: input.deviceId, lockCardId: r.lockCardId, operateId: r.operateId };
    }
    case 'tuya.modify': {
      const { input } = op;
      const { client, settings: s } = await clients.tuya();
      const r = await client.modifyCard(s.projectId, input.deviceId, input.lockCardId, toMs(input.start), toMs(input.end));
      return { deviceId: input.deviceId, lockCardId: r.lockCardId, operateId: r.operateId };
    }
    case 'tuya.delete': {
      const { input } = op;
      const { client, settings: s } = await clients.tuya();
      const r = await client.deleteCard(s.projectId, input.deviceId, input.lockCardId);
      return { deviceId: input.deviceId, lockCardId: r.lockCardId, operateId: r.operateId };
    }
    case 'tuya.freeze':
    case 'tuya.unfreeze': {
      const { input } = op;
      const { client, settings: s } = await clients.tuya();
      const r = await client.setFreeze(s.projectId, input.deviceId, input.lockCardId, op.kind === 'tuya.freeze');
      return { deviceId: input.deviceId, lockCardId: r.lockCardId, operateId: r.operateId, frozen: op.kind === 'tuya.freeze' };
    }
    default: {
      const unknown: { kind: string } = op satisfies never;
      throw StationFailure.of('station.internal', { detail: `unknown operation kind ${unknown.kind}` });
    }
  }
}

/** Wire parameter names as the station's forms and settings call them, for inline errors. */
const FORM_FIELD: Record<string, string> = {
  startTime: 'start',
  endTime: 'end',
  communityNo: 'uclbrt.communityNo',
  issueMac: 'encoder.issueMac',
  creatorPassword: 'uclbrt.passwordMd5',
  creatorMobile: 'uclbrt.operator.creatorMobile',
  creatorAreaCode: 'uclbrt.operator.creatorAreaCode',
  creatorEmail: 'uclbrt.operator.creatorEmail',
};

function inFormTerms(err: unknown): unknown {
  if (err instanceof StationFailure && err.error.field && FORM_FIELD[err.error.field]) {
    return new StationFailure({ ...err.error, field: FORM_FIELD[err.error.field] });
  }
  return err;
}

export function createCloudExecutor(
  config: StationConfig | (() => StationConfig),
  secrets: SecretStore,
  options: CloudExecutorOptions = {},
): CloudExecutor & { clients: CloudClients } {
  const getConfig = typeof config === 'function' ? config : () => config;
  const clients = new CloudClients(getConfig, secrets, options);
  const stationTimeZone = options.stationTimeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  return {
    clients,
    async execute(operation) {
      let outcome: CloudOutcome;
      try {
        // Kind and input come from one parsed request (or the row it was stored in): they belong together.
        outcome = await attempt(() =>
          performOperation(clients, operation as OperationBody, stationTimeZone).catch((err: unknown) => {
            throw inFormTerms(err);
          }),
        );
      } catch (err) {
        outcome = classifyFailure(err);
      }
      outcome = maskOutcome(outcome, clients.redactor);
      options.health?.record(providerOf(operation.kind), outcome);
      return outcome;
    },
    probe: (provider) => probeProvider(clients, provider, options.timeouts),
    health: options.health,
  };
}
