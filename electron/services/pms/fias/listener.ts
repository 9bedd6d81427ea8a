/**
 * The FIAS TCP listener: a thin node:net shell. Each accepted connection from an allowed address
 * gets one FiasLink (link.ts), which does all the protocol work; this file only moves bytes,
 * refuses strangers, and keeps the list of connected peers.
 *
 * A PMS that reconnects (its old connection may still look open here) replaces the older
 * connection from the same address once the new link starts.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { FiasLinkState, PmsPeerStatus } from '../../../../shared/domain/pms';
import type { Logger } from '../../logging/logger';
import type { Clock } from '../clock';
import { FiasLink, type FiasLinkEvent, type FiasLinkOptions } from './link';
import type { FiasRecord } from './record';

/** The address as a person writes it: `127.0.0.1`, not `::ffff:127.0.0.1`. */
export function plainAddress(address: string | undefined): string {
  if (!address) return '';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

export const LOOPBACK_PEERS = ['127.0.0.1', '::1'];
/** More than this many open connections at once is not a PMS: new ones are refused. */
export const MAX_FIAS_CONNECTIONS = 16;

export interface FiasPeer {
  id: string;
  address: string;
  port: number;
}

export interface FiasListenerOptions {
  host: string;
  port: number;
  /** Peer addresses allowed to connect (plain form). */
  allow: readonly string[];
  description: () => FiasRecord[];
  /** A key record arrived; `answer` sends the reply on the same link (ignored if it has gone). */
  onKeyRecord(record: FiasRecord, peer: FiasPeer, answer: (record: FiasRecord) => void): void;
  onPeer?(peer: FiasPeer, status: PmsPeerStatus | undefined): void;
  onLinkEvent?(peer: FiasPeer, event: FiasLinkEvent): void;
  log: Logger;
  clock?: Clock;
  link?: Pick<FiasLinkOptions, 'startRetryMs' | 'aliveIntervalMs' | 'silenceTimeoutMs' | 'startOnOpen' | 'framer'>;
}

interface Connection {
  peer: FiasPeer;
  socket: Socket;
  link: FiasLink;
  since: string;
  lastSeen: string;
  /** Order of arrival: a lower number is an older connection. */
  seq: number;
}

export class FiasListener {
  private server: Server | undefined;
  private readonly connections = new Map<string, Connection>();
  private nextId = 1;

  constructor(private readonly options: FiasListenerOptions) {}

  /** Resolves with the address actually bound (port 0 picks a free one). */
  start(): Promise<{ host: string; port: number }> {
    const server = createServer((socket) => this.accept(socket));
    server.maxConnections = MAX_FIAS_CONNECTIONS;
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host, () => {
        server.off('error', reject);
        server.on('error', (err) => this.options.log.error('FIAS listener error', { error: String(err) }));
        const address = server.address();
        resolve({ host: this.options.host, port: typeof address === 'object' && address ? address.port : this.options.port });
      });
    });
  }

  peers(): PmsPeerStatus[] {
    return [...this.connections.values()].map((c) => this.peerStatus(c));
  }

  /** Ends every link (`LE`) and stops listening. */
  async close(): Promise<void> {
    for (const c of this.connections.values()) c.link.end();
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      // Sockets that do not close after LE are cut.
      setTimeout(() => {
        for (const c of this.connections.values()) c.socket.destroy();
        resolve();
      }, 500).unref();
    });
  }

  private accept(socket: Socket): void {
    const address = plainAddress(socket.remoteAddress);
    if (!this.options.allow.includes(address)) {
      this.options.log.warn('FIAS connection refused: the address is not in pms.fias.allow', { address });
      socket.destroy();
      return;
    }
    socket.setNoDelay(true);
    const seq = this.nextId++;
    const peer: FiasPeer = { id: `fias-${seq}`, address, port: socket.remotePort ?? 0 };
    const now = new Date().toISOString();
    const link: FiasLink = new FiasLink(
      {
        send: (bytes) => {
          if (!socket.destroyed) socket.write(bytes);
        },
        request: (record) =>
          this.options.onKeyRecord(record, peer, (answer) => {
            if (!socket.destroyed) link.sendRecord(answer);
            else this.options.log.warn('FIAS answer not sent: the PMS connection has closed', { peer: peer.id, type: answer.type });
          }),
        close: (reason) => {
          this.options.log.info('FIAS link closing', { peer: peer.id, address, reason });
          socket.end();
          setTimeout(() => socket.destroy(), 1000).unref();
        },
        event: (e) => this.onLinkEvent(connection, e),
      },
      { description: this.options.description, clock: this.options.clock, ...this.options.link },
    );
    const connection: Connection = { peer, socket, link, since: now, lastSeen: now, seq };
    this.connections.set(peer.id, connection);
    this.options.log.info('FIAS connection opened', { peer: peer.id, address, port: peer.port });
    this.options.onPeer?.(peer, this.peerStatus(connection));
    socket.on('data', (chunk: Buffer) => {
      connection.lastSeen = new Date().toISOString();
      link.receive(chunk);
    });
    socket.on('error', (err) => this.options.log.warn('FIAS connection error', { peer: peer.id, error: err.message }));
    socket.on('close', () => {
      link.dispose();
      this.connections.delete(peer.id);
      this.options.log.info('FIAS connection closed', { peer: peer.id, address });
      this.options.onPeer?.(peer, undefined);
    });
    link.open();
  }

  private onLinkEvent(c: Connection, e: FiasLinkEvent): void {
    if (e.kind === 'state') {
      if (e.state === 'awaiting-alive') this.replaceOlderFrom(c);
      this.options.onPeer?.(c.peer, this.peerStatus(c, e.state));
    }
    if (e.kind === 'bad-record') this.options.log.warn('FIAS record skipped', { peer: c.peer.id, reason: e.reason });
    if (e.kind === 'discarded') this.options.log.debug('FIAS bytes discarded', { peer: c.peer.id, reason: e.reason, bytes: e.bytes });
    this.options.onLinkEvent?.(c.peer, e);
  }

  /** The PMS started a link on a newer connection: its older connections from that address are stale. */
  private replaceOlderFrom(c: Connection): void {
    for (const other of this.connections.values()) {
      if (other === c || other.peer.address !== c.peer.address || other.seq > c.seq) continue;
      this.options.log.info('FIAS connection replaced by a newer one from the same PMS', { peer: other.peer.id, by: c.peer.id });
      other.link.dispose();
      other.socket.destroy();
    }
  }

  private peerStatus(c: Connection, state?: FiasLinkState): PmsPeerStatus {
    return {
      interface: 'fias',
      address: c.peer.address,
      port: c.peer.port,
      since: c.since,
      linkState: state ?? c.link.state,
      lastSeen: c.lastSeen,
    };
  }
}
