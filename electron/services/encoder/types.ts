/**
 * What every encoder driver offers the encoder service, and what every transport offers a driver.
 * Drivers never import `serialport` or `node-hid`: they get a transport opener injected.
 */
import type { EncoderDriverId } from '../../../shared/domain/encoder';
import type { StationError } from '../../../shared/errors/types';

/** A card as the driver saw it; the service turns it into a CardRead with the configured format. */
export interface CardPresence {
  /** Raw UID bytes, MSB-first as the card sends them. */
  uid: Uint8Array;
  /** Bytes the serial number is formatted from (the UID, or the 4-byte card number of EM cards). */
  serialBytes: Uint8Array;
  /** e.g. `mifare-classic-1k`, `mifare-ultralight`, `em4100`, `keyboard-reader`. */
  cardType: string;
}

export type DriverStatus =
  | { state: 'connecting' }
  | { state: 'ready'; model: string; firmware: string }
  | { state: 'disconnected'; error: StationError }
  | { state: 'error'; error: StationError };

export interface DriverEvents {
  status: (status: DriverStatus) => void;
  'card-present': (card: CardPresence) => void;
  'card-removed': (card: CardPresence) => void;
}

export interface EncoderDriver {
  readonly id: EncoderDriverId;
  /** Opens the link and brings the reader up; resolves once ready, rejects with a StationFailure. */
  open(): Promise<void>;
  close(): Promise<void>;
  status(): DriverStatus;
  /** The card in the field now, if any. */
  currentCard(): CardPresence | undefined;
  /** Waits for a card (or returns the one in the field); rejects with `encoder.timeout`. */
  readCard(timeoutMs: number): Promise<CardPresence>;
  on<E extends keyof DriverEvents>(event: E, listener: DriverEvents[E]): () => void;
}

/** A byte link to a reader: serial port, pty, in-memory pipe. */
export interface ByteTransport {
  readonly description: string;
  write(data: Uint8Array): Promise<void>;
  onData(listener: (chunk: Uint8Array) => void): () => void;
  /** Fires once when the link goes away without close() being called (device unplugged). */
  onLost(listener: (reason: string) => void): () => void;
  close(): Promise<void>;
}

/** Opens a fresh transport each time: drivers call it again to reconnect. Rejects with a StationFailure. */
export type TransportOpener = () => Promise<ByteTransport>;
