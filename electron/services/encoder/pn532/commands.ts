/** PN532 command codes and response decoding (UM0701 chapter 7). Pure. */

export const CMD = {
  Diagnose: 0x00,
  GetFirmwareVersion: 0x02,
  GetGeneralStatus: 0x04,
  ReadRegister: 0x06,
  WriteRegister: 0x08,
  ReadGPIO: 0x0c,
  WriteGPIO: 0x0e,
  SetSerialBaudRate: 0x10,
  SetParameters: 0x12,
  SAMConfiguration: 0x14,
  PowerDown: 0x16,
  RFConfiguration: 0x32,
  RFRegulationTest: 0x58,
  InJumpForDEP: 0x56,
  InJumpForPSL: 0x46,
  InListPassiveTarget: 0x4a,
  InATR: 0x50,
  InPSL: 0x4e,
  InDataExchange: 0x40,
  InCommunicateThru: 0x42,
  InDeselect: 0x44,
  InRelease: 0x52,
  InSelect: 0x54,
  InAutoPoll: 0x60,
  TgInitAsTarget: 0x8c,
} as const;

/** RFConfiguration item 0x05: MxRtyATR, MxRtyPSL, MxRtyPassiveActivation. */
export const RF_ITEM_MAX_RETRIES = 0x05;
export const RETRY_FOREVER = 0xff;

/** InListPassiveTarget baud rate / modulation 0x00: 106 kbps type A (ISO/IEC 14443A, MIFARE). */
export const BRTY_106_TYPE_A = 0x00;

export interface FirmwareInfo {
  ic: number;
  version: number;
  revision: number;
  support: number;
  model: string;
  firmware: string;
}

export function decodeFirmware(params: Uint8Array): FirmwareInfo | undefined {
  if (params.length < 4) return undefined;
  const [ic, version, revision, support] = params;
  const model = ic === 0x32 ? 'PN532' : ic === 0x33 ? 'PN533' : `PN5xx (IC 0x${ic.toString(16).padStart(2, '0')})`;
  return { ic, version, revision, support, model, firmware: `${version}.${revision}` };
}

export interface TypeATarget {
  tg: number;
  sensRes: number;
  selRes: number;
  uid: Uint8Array;
}

/**
 * Decodes an InListPassiveTarget answer for 106 kbps type A:
 * `NbTg, Tg, SENS_RES(2), SEL_RES, NFCIDLength, NFCID1..., [ATS]`. Undefined when no card
 * answered; throws RangeError on a malformed answer.
 */
export function decodeTypeATarget(params: Uint8Array): TypeATarget | undefined {
  if (params.length < 1) throw new RangeError('empty InListPassiveTarget answer');
  if (params[0] === 0) return undefined;
  if (params.length < 6) throw new RangeError('InListPassiveTarget answer too short');
  const tg = params[1];
  const sensRes = (params[2] << 8) | params[3];
  const selRes = params[4];
  const len = params[5];
  if (len !== 4 && len !== 7 && len !== 10) throw new RangeError(`unexpected UID length ${len}`);
  if (params.length < 6 + len) throw new RangeError('InListPassiveTarget answer truncated');
  return { tg, sensRes, selRes, uid: params.slice(6, 6 + len) };
}

/** Best-effort card family from SEL_RES (SAK) and the UID length (NXP AN10833). */
export function typeACardType(selRes: number, uidLength: number): string {
  switch (selRes) {
    case 0x08:
      return 'mifare-classic-1k';
    case 0x18:
      return 'mifare-classic-4k';
    case 0x09:
      return 'mifare-mini';
    case 0x00:
      return uidLength === 7 ? 'mifare-ultralight' : 'iso14443a';
    case 0x20:
      return 'iso14443-4';
    default:
      return 'iso14443a';
  }
}

/** SENS_RES (ATQA) and SEL_RES (SAK) a typical card with this UID length answers with. */
export function defaultTypeAIdentity(uidLength: number): { sensRes: number; selRes: number } {
  if (uidLength === 7) return { sensRes: 0x0044, selRes: 0x00 };
  if (uidLength === 10) return { sensRes: 0x0084, selRes: 0x08 };
  return { sensRes: 0x0004, selRes: 0x08 };
}
