/**
 * Which encoder ports the station opens when asked over IPC (`encoder:test`, a port saved with
 * `settings:update`): a device discovery lists, a HID reader named by `VID:PID`, or a serial device
 * node that exists (`/dev/tty*`, macOS `/dev/cu.*`, Windows `COMn`). Anything else is refused
 * before it is opened, with the same answer whether or not the path exists, so a request can
 * neither probe files (`/etc/shadow` against `/etc/passwd`) nor send reader bytes into them.
 *
 * Symlinks (`/dev/serial/by-id/...`) and `..` are judged by where they lead: the check resolves
 * the path and the caller opens the resolved device, so the link cannot be swapped in between.
 */
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { EncoderDriverId, PortInfo } from '../../../shared/domain/encoder';
import { StationFailure } from '../failure';

export interface PortAccessDeps {
  platform?: NodeJS.Platform;
  /** What discovery lists now (`station:ports`). Only called when the port is not a serial device. */
  listPorts?: () => Promise<PortInfo[]>;
  realpath?: (p: string) => Promise<string>;
  isCharacterDevice?: (p: string) => Promise<boolean>;
}

/** Serial device nodes: Linux `ttyS0`/`ttyUSB0`/`ttyACM0`/`ttyAMA0`, macOS `tty.*`/`cu.*`. Not `/dev/tty` or the consoles `/dev/tty1`. */
const POSIX_SERIAL_DEVICE = /^\/dev\/(tty[A-Za-z][\w.-]*|tty\.[\w.-]+|cu\.[\w.-]+)$/;
const WINDOWS_COM_PORT = /^(\\\\\.\\)?COM[1-9]\d{0,2}$/i;
const HID_VID_PID = /^[0-9a-fA-F]{4}:[0-9a-fA-F]{4}$/;

const notAllowed = (port: string) => StationFailure.of('encoder.port-not-allowed', { port });

async function defaultIsCharacterDevice(p: string): Promise<boolean> {
  return (await stat(p)).isCharacterDevice();
}

async function listed(kind: PortInfo['kind'], port: string, deps: PortAccessDeps): Promise<boolean> {
  if (!deps.listPorts) return false;
  const ports = await deps.listPorts().catch(() => [] as PortInfo[]);
  return ports.some((p) => p.kind === kind && !p.unavailable && p.path === port);
}

/** A serial device path as the driver should open it (resolved), or a refusal. */
async function serialDevice(port: string, deps: PortAccessDeps): Promise<string | StationFailure> {
  const platform = deps.platform ?? process.platform;
  if (platform === 'win32') return WINDOWS_COM_PORT.test(port) ? port : notAllowed(port);
  if (!path.posix.isAbsolute(port)) return notAllowed(port);
  const looksSerial = POSIX_SERIAL_DEVICE.test(path.posix.normalize(port));
  let real: string;
  try {
    real = await (deps.realpath ?? realpath)(port);
  } catch {
    // Only a name in the serial-device namespace may be told missing; any other path gets the
    // same refusal whether it exists or not.
    return looksSerial ? StationFailure.of('encoder.port-missing', { port }) : notAllowed(port);
  }
  if (!POSIX_SERIAL_DEVICE.test(real)) return notAllowed(port);
  const isDevice = await (deps.isCharacterDevice ?? defaultIsCharacterDevice)(real).catch(() => false);
  return isDevice ? real : notAllowed(port);
}

/**
 * Checks a port a request names for a driver and returns the path to open (a serial device
 * resolved through its symlinks; anything else as given). Throws `encoder.port-not-allowed`, or
 * `encoder.port-missing` for a serial device name that is not there.
 */
export async function resolveEncoderPort(driver: EncoderDriverId, port: string, deps: PortAccessDeps = {}): Promise<string> {
  if (driver === 'simulator' || driver === 'none') return port;
  if (port.includes('\0')) throw notAllowed(port.replace(/\0/g, '\\0'));
  if (driver === 'hid') {
    if (HID_VID_PID.test(port) || (await listed('hid', port, deps))) return port;
    throw notAllowed(port);
  }
  const device = await serialDevice(port, deps);
  if (typeof device === 'string') return device;
  if (await listed('serial', port, deps)) return port;
  throw device;
}
