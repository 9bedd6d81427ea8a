/** Serial-port transport: the ONLY file that imports `serialport`. */
import { stat } from 'node:fs';
import { SerialPort } from 'serialport';
import { StationFailure } from '../../failure';
import type { ByteTransport, TransportOpener } from '../types';

export interface SerialOptions {
  path: string;
  baudRate: number;
  /** How often to check that a device node still exists (unplug detection backstop), ms. */
  presencePollMs?: number;
}

/** Maps an open error to the catalogue: missing, not permitted, busy, or other. */
export function serialOpenFailure(path: string, err: unknown): StationFailure {
  const text = err instanceof Error ? err.message : String(err);
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || /no such file|cannot find|file not found/i.test(text)) {
    return StationFailure.of('encoder.port-missing', { port: path });
  }
  if (code === 'EACCES' || code === 'EPERM' || /permission denied|access denied|access is denied/i.test(text)) {
    return StationFailure.of('encoder.port-denied', { port: path });
  }
  if (/cannot lock|resource temporarily unavailable|busy/i.test(text)) {
    return StationFailure.of('encoder.port-busy', { port: path });
  }
  return StationFailure.of('encoder.open-failed', { port: path, detail: text });
}

class SerialTransport implements ByteTransport {
  readonly description: string;
  private readonly lostListeners = new Set<(reason: string) => void>();
  private closing = false;
  private lost = false;
  private presenceTimer?: NodeJS.Timeout;

  constructor(
    private readonly port: SerialPort,
    private readonly options: SerialOptions,
  ) {
    this.description = `${options.path} at ${options.baudRate} baud`;
    port.on('close', (err?: Error & { disconnected?: boolean }) => {
      if (!this.closing) this.markLost(err?.message ?? 'port closed');
    });
    port.on('error', (err: Error) => {
      if (!this.closing) this.markLost(err.message);
    });
    const pollMs = options.presencePollMs ?? 250;
    // Device nodes vanish on unplug; on Linux and macOS this catches it even when no read is pending.
    if (options.path.startsWith('/') && pollMs > 0) {
      this.presenceTimer = setInterval(() => {
        stat(options.path, (err) => {
          if (err && err.code === 'ENOENT' && !this.closing) this.markLost(`${options.path} disappeared`);
        });
      }, pollMs);
      this.presenceTimer.unref?.();
    }
  }

  private markLost(reason: string): void {
    if (this.lost) return;
    this.lost = true;
    if (this.presenceTimer) clearInterval(this.presenceTimer);
    for (const l of [...this.lostListeners]) l(reason);
    if (this.port.isOpen) this.port.close(() => {});
  }

  write(data: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.lost || !this.port.isOpen) {
        reject(new Error(`${this.options.path} is not open`));
        return;
      }
      this.port.write(Buffer.from(data), (err) => (err ? reject(err) : resolve()));
    });
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    const handler = (chunk: Buffer) => listener(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    this.port.on('data', handler);
    return () => this.port.off('data', handler);
  }

  onLost(listener: (reason: string) => void): () => void {
    this.lostListeners.add(listener);
    return () => this.lostListeners.delete(listener);
  }

  close(): Promise<void> {
    this.closing = true;
    if (this.presenceTimer) clearInterval(this.presenceTimer);
    this.lostListeners.clear();
    return new Promise((resolve) => {
      if (!this.port.isOpen) {
        resolve();
        return;
      }
      this.port.close(() => resolve());
    });
  }
}

export function openSerial(options: SerialOptions): Promise<ByteTransport> {
  return new Promise((resolve, reject) => {
    let port: SerialPort;
    try {
      port = new SerialPort({ path: options.path, baudRate: options.baudRate, autoOpen: false });
    } catch (err) {
      reject(serialOpenFailure(options.path, err));
      return;
    }
    port.open((err) => {
      if (err) reject(serialOpenFailure(options.path, err));
      else resolve(new SerialTransport(port, options));
    });
  });
}

export function serialOpener(options: SerialOptions): TransportOpener {
  return () => openSerial(options);
}

export interface SerialListing {
  path: string;
  vendorId?: string;
  productId?: string;
  manufacturer?: string;
  serialNumber?: string;
  pnpId?: string;
}

export async function listSerialPorts(): Promise<SerialListing[]> {
  const ports = await SerialPort.list();
  return ports.map((p) => ({
    path: p.path,
    vendorId: p.vendorId,
    productId: p.productId,
    manufacturer: p.manufacturer,
    serialNumber: p.serialNumber,
    pnpId: p.pnpId,
  }));
}
