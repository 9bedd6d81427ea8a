/** An in-memory duplex link: two ByteTransports wired to each other (demo mode, tests). */
import type { ByteTransport } from '../types';

class MemoryEnd implements ByteTransport {
  peer?: MemoryEnd;
  private readonly dataListeners = new Set<(chunk: Uint8Array) => void>();
  private readonly lostListeners = new Set<(reason: string) => void>();
  private closed = false;

  constructor(readonly description: string) {}

  async write(data: Uint8Array): Promise<void> {
    if (this.closed) throw new Error(`${this.description} is closed`);
    const peer = this.peer;
    const copy = Uint8Array.from(data);
    // Deliver asynchronously, as a real link would.
    setImmediate(() => peer?.deliver(copy));
  }

  deliver(chunk: Uint8Array): void {
    if (this.closed) return;
    for (const l of [...this.dataListeners]) l(chunk);
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    this.dataListeners.add(listener);
    return () => this.dataListeners.delete(listener);
  }

  onLost(listener: (reason: string) => void): () => void {
    this.lostListeners.add(listener);
    return () => this.lostListeners.delete(listener);
  }

  /** Simulates unplugging: this end reports the link lost. */
  sever(reason = 'link severed'): void {
    if (this.closed) return;
    this.closed = true;
    for (const l of [...this.lostListeners]) l(reason);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.dataListeners.clear();
    this.lostListeners.clear();
  }
}

export interface MemoryLink {
  host: MemoryEnd;
  device: MemoryEnd;
}

export function createMemoryLink(name = 'memory'): MemoryLink {
  const host = new MemoryEnd(`${name} (host end)`);
  const device = new MemoryEnd(`${name} (device end)`);
  host.peer = device;
  device.peer = host;
  return { host, device };
}

export type { MemoryEnd };
