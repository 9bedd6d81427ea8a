import { z } from 'zod';
import type { StationError } from '../errors/types';

export const SERIAL_FORMATS = ['hex', 'hex-reversed', 'dec', 'dec-reversed'] as const;
export const serialFormatSchema = z.enum(SERIAL_FORMATS);
export type SerialFormat = z.infer<typeof serialFormatSchema>;

/** `simulator` is the PN532 emulator on an in-memory link (demo mode); `none` means no encoder. */
export const ENCODER_DRIVERS = ['pn532', 'rdm6300', 'hid', 'simulator', 'none'] as const;
export const encoderDriverSchema = z.enum(ENCODER_DRIVERS);
export type EncoderDriverId = z.infer<typeof encoderDriverSchema>;

/** 12 hex digits, no separators (UCLBRT error 5209 otherwise). */
export const issueMacSchema = z.string().regex(/^[0-9A-Fa-f]{12}$/, 'must be 12 hex digits without separators, e.g. 7C778A6C7D9C');

export type EncoderState = 'unavailable' | 'connecting' | 'ready' | 'disconnected' | 'error';

export interface EncoderStatus {
  state: EncoderState;
  driver: EncoderDriverId;
  port?: string;
  model?: string;
  firmware?: string;
  issueMac?: string;
  /** ISO time the state began. */
  since: string;
  error?: StationError;
}

/** A card seen on the encoder. */
export interface CardRead {
  /** Serial number in the configured format, as the lock platform expects it. */
  serialNum: string;
  /** Raw UID, upper-case hex MSB-first. */
  uid: string;
  /** e.g. `mifare-classic-1k`, `iso14443a`, `em4100`. */
  cardType: string;
  driver: EncoderDriverId;
  issueMac?: string;
  /** ISO time the card was seen. */
  at: string;
}

export interface PortInfo {
  kind: 'serial' | 'hid';
  path: string;
  vendorId?: string;
  productId?: string;
  manufacturer?: string;
  product?: string;
  serialNumber?: string;
  /** Why the station thinks this is an encoder (e.g. `CH340 USB-serial bridge`), if it does. */
  likelyEncoder?: string;
  /**
   * Set on an entry that is not a device but says this kind of device could not be listed and why
   * (e.g. libusb missing for HID); its `path` is empty. Never offered as a port.
   */
  unavailable?: StationError;
}

/**
 * What a desk screen waits for a card for, when it holds the encoder (`encoder:hold`): main words
 * the holder's label from it ("Desk (Li Na): new key for room 1203"), which the PMS is told while
 * the desk has the encoder.
 */
export const DESK_ENCODER_JOBS = [
  'new-stay',
  'duplicate',
  'issue-proximity',
  'issue-tuya',
  'cancel-proximity',
  'tuya-card',
  'read',
] as const;
export const deskEncoderJobSchema = z.enum(DESK_ENCODER_JOBS);
export type DeskEncoderJob = z.infer<typeof deskEncoderJobSchema>;

/** Who has the encoder: a desk window's job or a PMS request (`encoder:holder` events, refusals). */
export interface EncoderHolder {
  /** `desk:<window>` for a desk window's job, `pms:...` for a PMS request. */
  id: string;
  label: string;
  labelZh: string;
}

/** A desk window's hold on the encoder, as `encoder:hold` answers it. */
export interface EncoderHold {
  /** Give it back with `encoder:release`. */
  holdId: string;
  holder: EncoderHolder;
  /** The hold ends by itself after this long without input at the window (and at once on lock, sign-out or close). */
  idleMs: number;
}
