/** Builds a driver from encoder settings, with its transport injected. */
import type { EncoderDriverId } from '../../../shared/domain/encoder';
import { StationFailure } from '../failure';
import { nativeModuleFailure } from '../native-modules';
import type { Logger } from '../logging/logger';
import type { SupervisorTiming } from './driver-base';
import { HidKeyboardDriver } from './hid/driver';
import { Pn532Driver } from './pn532/driver';
import type { Pn532Emulator } from './pn532/emulator';
import { Rdm6300Driver } from './rdm6300/driver';
import { createMemoryLink } from './transports/memory';
import type { EncoderDriver, TransportOpener } from './types';

export interface DriverSettings {
  driver: EncoderDriverId;
  port?: string;
  baudRate?: number;
}

export interface DriverDeps {
  log?: Logger;
  /** The emulator the `simulator` driver talks to (one per station, so placed cards persist). */
  emulator?: Pn532Emulator;
  timing?: Partial<SupervisorTiming>;
}

export const DEFAULT_BAUD: Partial<Record<EncoderDriverId, number>> = { pn532: 115200, rdm6300: 9600 };
export const SIMULATOR_PORT = 'simulator';

function serial(path: string, baudRate: number): TransportOpener {
  // Loaded on first use so a station without serial hardware never loads the native module.
  return async () =>
    (await import('./transports/serial').catch((err) => Promise.reject(nativeModuleFailure('serialport', err)))).openSerial({
      path,
      baudRate,
    });
}

function hid(path: string): TransportOpener {
  return async () => (await import('./transports/hid').catch((err) => Promise.reject(nativeModuleFailure('node-hid', err)))).openHid(path);
}

/** The simulator's link: a fresh in-memory pipe to the emulator on every (re)connect. */
export function simulatorOpener(emulator: Pn532Emulator): TransportOpener {
  return async () => {
    const link = createMemoryLink(SIMULATOR_PORT);
    emulator.attach(link.device);
    return link.host;
  };
}

export function createDriver(settings: DriverSettings, deps: DriverDeps): EncoderDriver {
  const { driver } = settings;
  if (driver === 'none') throw StationFailure.of('encoder.not-configured');
  if (driver === 'simulator') {
    if (!deps.emulator) throw new Error('simulator driver needs an emulator');
    return new Pn532Driver({
      id: 'simulator',
      open: simulatorOpener(deps.emulator),
      port: SIMULATOR_PORT,
      log: deps.log,
      timing: deps.timing,
    });
  }
  const port = settings.port;
  if (!port) throw StationFailure.of('encoder.port-required', { driver });
  const baudRate = settings.baudRate ?? DEFAULT_BAUD[driver] ?? 115200;
  switch (driver) {
    case 'pn532':
      return new Pn532Driver({ open: serial(port, baudRate), port, baudRate, log: deps.log, timing: deps.timing });
    case 'rdm6300':
      return new Rdm6300Driver({ open: serial(port, baudRate), port, log: deps.log, timing: deps.timing });
    case 'hid':
      return new HidKeyboardDriver({ open: hid(port), port, log: deps.log, timing: deps.timing });
  }
}
