/** node-hid transport: the ONLY file that imports `node-hid`. Each data chunk is one input report. */
import * as HID from 'node-hid';
import { StationFailure } from '../../failure';
import { listingFailureDetail } from '../discovery';
import type { ByteTransport, TransportOpener } from '../types';

export interface HidListing {
  path?: string;
  vendorId: number;
  productId: number;
  manufacturer?: string;
  product?: string;
  serialNumber?: string;
  usagePage?: number;
  usage?: number;
}

export async function listHidDevices(): Promise<HidListing[]> {
  const devices = await HID.devicesAsync();
  return devices.map((d) => ({
    path: d.path,
    vendorId: d.vendorId,
    productId: d.productId,
    manufacturer: d.manufacturer,
    product: d.product,
    serialNumber: d.serialNumber,
    usagePage: d.usagePage,
    usage: d.usage,
  }));
}

class HidTransport implements ByteTransport {
  private readonly lostListeners = new Set<(reason: string) => void>();
  private closing = false;

  constructor(
    private readonly device: HID.HIDAsync,
    readonly description: string,
  ) {
    device.on('error', (err: Error) => {
      if (this.closing) return;
      this.closing = true;
      for (const l of [...this.lostListeners]) l(err.message);
    });
  }

  async write(data: Uint8Array): Promise<void> {
    await this.device.write(Buffer.from(data));
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    const handler = (report: Buffer) => listener(new Uint8Array(report));
    this.device.on('data', handler);
    return () => this.device.off('data', handler);
  }

  onLost(listener: (reason: string) => void): () => void {
    this.lostListeners.add(listener);
    return () => this.lostListeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closing = true;
    this.lostListeners.clear();
    await this.device.close().catch(() => undefined);
  }
}

/** `port` is a hidraw path (`/dev/hidraw3`), or `VID:PID` in hex (`ffff:0035`). */
export async function openHid(port: string): Promise<ByteTransport> {
  const vidPid = /^([0-9a-fA-F]{4}):([0-9a-fA-F]{4})$/.exec(port);
  try {
    const device = vidPid ? await HID.HIDAsync.open(parseInt(vidPid[1], 16), parseInt(vidPid[2], 16)) : await HID.HIDAsync.open(port);
    return new HidTransport(device, port);
  } catch (err) {
    let known: HidListing[];
    try {
      known = await listHidDevices();
    } catch (listErr) {
      // The HID library itself cannot load (e.g. libusb missing): say that, not "no such device".
      throw StationFailure.of('encoder.hid-unavailable', { detail: listingFailureDetail(listErr) });
    }
    const detail = err instanceof Error ? err.message : String(err);
    const present = known.some((d) =>
      vidPid ? d.vendorId === parseInt(vidPid[1], 16) && d.productId === parseInt(vidPid[2], 16) : d.path === port,
    );
    if (!present) throw StationFailure.of('encoder.port-missing', { port });
    throw StationFailure.of('encoder.hid-unavailable', { detail });
  }
}

export function hidOpener(port: string): TransportOpener {
  return () => openHid(port);
}
