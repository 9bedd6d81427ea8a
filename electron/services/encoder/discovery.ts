/**
 * Lists serial ports and HID devices and marks the ones that are likely card encoders. Listing
 * never throws: if udev or the HID library is missing, it returns what it could list plus an
 * entry saying which kind of device could not be listed and why (see `PortInfo.unavailable`).
 */
import type { PortInfo } from '../../../shared/domain/encoder';
import { stationError } from '../../../shared/errors';
import type { Logger } from '../logging/logger';
import type { HidListing } from './transports/hid';
import type { SerialListing } from './transports/serial';

/** USB-serial bridges PN532 and 125 kHz reader boards are built with. */
export const USB_SERIAL_BRIDGES: ReadonlyArray<{ vendorId: string; productId: string; name: string }> = [
  { vendorId: '1a86', productId: '7523', name: 'CH340 USB-serial bridge' },
  { vendorId: '10c4', productId: 'ea60', name: 'CP210x USB-serial bridge' },
  { vendorId: '0403', productId: '6001', name: 'FTDI FT232R USB-serial bridge' },
  { vendorId: '0403', productId: '6015', name: 'FTDI FT-X USB-serial bridge' },
  { vendorId: '067b', productId: '2303', name: 'PL2303 USB-serial bridge' },
];

/** USB keyboard-style card readers seen at reception desks. */
export const HID_READERS: ReadonlyArray<{ vendorId: string; productId: string; name: string }> = [
  { vendorId: 'ffff', productId: '0035', name: 'USB RFID keyboard reader' },
  { vendorId: '08ff', productId: '0009', name: 'USB RFID keyboard reader' },
  { vendorId: '1a86', productId: 'dd01', name: 'USB RFID keyboard reader' },
  { vendorId: '04d9', productId: '1400', name: 'USB card reader (keyboard)' },
];

const READER_NAME = /rfid|card ?reader|id ?reader|nfc|mifare|125 ?khz|em4100/i;

const hex4 = (v: string | number | undefined): string | undefined =>
  v === undefined || v === '' ? undefined : (typeof v === 'number' ? v.toString(16) : v).toLowerCase().padStart(4, '0');

export function serialPortInfo(p: SerialListing): PortInfo {
  const vendorId = hex4(p.vendorId);
  const productId = hex4(p.productId);
  const bridge = USB_SERIAL_BRIDGES.find((b) => b.vendorId === vendorId && b.productId === productId);
  return {
    kind: 'serial',
    path: p.path,
    ...(vendorId ? { vendorId } : {}),
    ...(productId ? { productId } : {}),
    ...(p.manufacturer ? { manufacturer: p.manufacturer } : {}),
    ...(p.serialNumber ? { serialNumber: p.serialNumber } : {}),
    ...(bridge ? { likelyEncoder: bridge.name } : {}),
  };
}

/** Keyboards only (usage page 1, usage 6) plus known readers: mice and the like are left out. */
export function hidPortInfo(d: HidListing): PortInfo | undefined {
  const vendorId = hex4(d.vendorId) ?? '0000';
  const productId = hex4(d.productId) ?? '0000';
  const known = HID_READERS.find((r) => r.vendorId === vendorId && r.productId === productId);
  const named = READER_NAME.test(`${d.manufacturer ?? ''} ${d.product ?? ''}`);
  const keyboard = d.usagePage === 0x01 && d.usage === 0x06;
  if (!known && !named && !keyboard) return undefined;
  return {
    kind: 'hid',
    path: d.path ?? `${vendorId}:${productId}`,
    vendorId,
    productId,
    ...(d.manufacturer ? { manufacturer: d.manufacturer } : {}),
    ...(d.product ? { product: d.product } : {}),
    ...(d.serialNumber ? { serialNumber: d.serialNumber } : {}),
    ...(known ? { likelyEncoder: known.name } : named ? { likelyEncoder: 'USB keyboard card reader (by its name)' } : {}),
  };
}

/** Shared libraries and programs the listings load, and the Debian/Ubuntu package that has each. */
const SYSTEM_PACKAGES: Readonly<Record<string, string>> = {
  'libusb-1.0.so.0': 'libusb-1.0-0',
  'libudev.so.1': 'libudev1',
  udevadm: 'udev',
};

/** Why a listing failed, in words a person can act on: the missing library or program and its package when known. */
export function listingFailureDetail(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const library = /([\w.+-]+\.so[\w.]*): cannot open shared object file/.exec(text)?.[1];
  if (library) {
    const pkg = SYSTEM_PACKAGES[library];
    return `the system library ${library} is missing${pkg ? ` (Debian/Ubuntu package ${pkg})` : ''}`;
  }
  const program = /spawn (\S+) ENOENT/.exec(text)?.[1];
  if (program) {
    const pkg = SYSTEM_PACKAGES[program];
    return `the program ${program} is missing${pkg ? ` (Debian/Ubuntu package ${pkg})` : ''}`;
  }
  return text;
}

function unavailable(kind: PortInfo['kind'], err: unknown): PortInfo {
  const code = kind === 'hid' ? 'encoder.hid-listing-unavailable' : 'encoder.serial-listing-unavailable';
  return { kind, path: '', unavailable: stationError(code, { detail: listingFailureDetail(err) }) };
}

export interface DiscoveryDeps {
  listSerial?: () => Promise<SerialListing[]>;
  listHid?: () => Promise<HidListing[]>;
  log?: Logger;
}

export async function discoverPorts(deps: DiscoveryDeps = {}): Promise<PortInfo[]> {
  const listSerial = deps.listSerial ?? (async () => (await import('./transports/serial')).listSerialPorts());
  const listHid = deps.listHid ?? (async () => (await import('./transports/hid')).listHidDevices());
  const out: PortInfo[] = [];
  const problems: PortInfo[] = [];
  try {
    for (const p of await listSerial()) out.push(serialPortInfo(p));
  } catch (err) {
    deps.log?.warn('serial port listing failed', { detail: err instanceof Error ? err.message : String(err) });
    problems.push(unavailable('serial', err));
  }
  try {
    const seen = new Set<string>();
    for (const d of await listHid()) {
      const info = hidPortInfo(d);
      if (info && !seen.has(info.path)) {
        seen.add(info.path);
        out.push(info);
      }
    }
  } catch (err) {
    deps.log?.warn('HID device listing failed', { detail: err instanceof Error ? err.message : String(err) });
    problems.push(unavailable('hid', err));
  }
  // Likely encoders first, then by path; what could not be listed last.
  out.sort((a, b) => Number(Boolean(b.likelyEncoder)) - Number(Boolean(a.likelyEncoder)) || a.path.localeCompare(b.path));
  return [...out, ...problems];
}
