/**
 * A live station (as the app runs it, through the IPC dispatcher) on the sandbox cloud over
 * loopback. With `split`, UCLBRT and Tuya are two sandboxes, so one cloud can be down while the
 * other answers. The Tuya locks are mapped to rooms by a room import, as a live hotel does.
 */
import { withoutSecrets } from '../../electron/services/config';
import { silentLogger } from '../../electron/services/logging/logger';
import { startSandbox, type SandboxHandle } from '../../electron/services/sandbox/server';
import type { RecordedRequest } from '../../electron/services/sandbox/types';
import { MemorySecretStore } from '../../electron/services/secrets/secret-store';
import { createStation, type Station } from '../../electron/services/station';
import type { IpcResult } from '../../shared/ipc/contract';
import type { Channel, RequestInputOf, ResponseOf } from '../../shared/ipc/contract';
import { tempDir } from '../outbox/helpers';
import { rigConfig, rigFixture } from '../outbox/sandbox-rig';
import { signedInInvoke } from '../sign-in';

export const TUYA_ROOMS_CSV = [
  'display name,building,floor,room,lock type,tuya device id',
  '101,1,1,101,QRALOCK,demolock101',
  '102,1,1,102,QRALOCK,demolock102',
  '103,1,1,103,QRBLOCK,demolock103',
].join('\r\n');

export interface RoomsRig {
  station: Station;
  uclbrt: SandboxHandle;
  tuya: SandboxHandle;
  dataDir: string;
  invoke<C extends Channel>(channel: C, request: RequestInputOf<C>): Promise<IpcResult<ResponseOf<C>>>;
  /** The answer's data; a refusal fails the test with its message. */
  call<C extends Channel>(channel: C, request: RequestInputOf<C>): Promise<ResponseOf<C>>;
  /** The same, by a supervisor (discard) or an administrator (room import). */
  callAs<C extends Channel>(role: 'supervisor' | 'administrator', channel: C, request: RequestInputOf<C>): Promise<ResponseOf<C>>;
  /** What reached the cloud(s), in arrival order, each with the sandbox it reached. */
  requests(): Promise<(RecordedRequest & { cloud: 'uclbrt' | 'tuya' })[]>;
  close(): Promise<void>;
}

export async function roomsRig(options: { split?: boolean; importTuya?: boolean } = {}): Promise<RoomsRig> {
  const fixture = rigFixture();
  const uclbrt = await startSandbox({ host: '127.0.0.1', port: 0, fixture });
  const tuya = options.split ? await startSandbox({ host: '127.0.0.1', port: 0, fixture }) : uclbrt;
  const config = rigConfig(uclbrt.url, fixture);
  config.tuya = { ...config.tuya!, baseUrl: tuya.url };
  const t = tempDir('rooms-');
  const secrets = new MemorySecretStore({
    'uclbrt.authToken': config.uclbrt?.authToken,
    'uclbrt.passwordMd5': config.uclbrt?.operator.passwordMd5,
    'tuya.secret': config.tuya?.secret,
  });
  const station = await createStation(withoutSecrets(config), { secrets, log: silentLogger, dataDir: t.dir });
  // The desk works as a clerk; the room import is an administrator's (staff permission table).
  const clerk = await signedInInvoke(station, 'clerk');
  const supervisor = await signedInInvoke(station, 'supervisor');
  const administrator = await signedInInvoke(station, 'administrator');
  const invoke = clerk as unknown as RoomsRig['invoke'];
  const callAs = (as: typeof clerk) =>
    (async (channel: Channel, request: unknown) => {
      const r = await as(channel, request as Record<string, unknown>);
      if (!r.ok) throw new Error(`${channel} refused: ${r.error.code} ${r.error.message}`);
      return r.data;
    }) as RoomsRig['call'];
  const call = callAs(clerk);
  const callAsAdministrator = callAs(administrator);
  const callAsSupervisor = callAs(supervisor);
  const rig: RoomsRig = {
    station,
    uclbrt,
    tuya,
    dataDir: t.dir,
    invoke,
    call,
    callAs: ((role: 'supervisor' | 'administrator', channel: Channel, request: unknown) =>
      (role === 'supervisor' ? callAsSupervisor : callAsAdministrator)(channel, request as never)) as RoomsRig['callAs'],
    async requests() {
      const tagged: (RecordedRequest & { cloud: 'uclbrt' | 'tuya' })[] = uclbrt.state.requests.map((r) => ({
        ...r,
        cloud: 'uclbrt' as const,
      }));
      if (tuya !== uclbrt) tagged.push(...tuya.state.requests.map((r) => ({ ...r, cloud: 'tuya' as const })));
      return tagged.sort((a, b) => a.at.localeCompare(b.at));
    },
    async close() {
      await station.close();
      await uclbrt.close();
      if (tuya !== uclbrt) await tuya.close();
      t.cleanup();
    },
  };
  if (options.importTuya !== false) {
    const imported = await callAsAdministrator('rooms:import', { csv: TUYA_ROOMS_CSV });
    if (!imported.applied) throw new Error(`the rig's room import was refused: ${JSON.stringify(imported.errors)}`);
  }
  return rig;
}

/** A wall-clock time `hours` from now in Asia/Shanghai (the rig community's zone), as a clerk picks it. */
export function shanghai(hours: number): string {
  return new Date(Date.now() + hours * 3_600_000 + 8 * 3_600_000).toISOString().slice(0, 16);
}

/** What kind of card call a recorded request was: `getLink`, `cancelCard`, `tuya.delete`, ... */
export function wireAction(r: RecordedRequest): string | undefined {
  if (r.path === '/' && r.query.a) return r.query.a;
  const qrm = /^\/Home\/(?:Qrm|Records)\/(\w+)/.exec(r.path);
  if (qrm) return qrm[1];
  if (r.path.includes('/lock-devices/') && r.path.includes('/cards')) {
    if (r.method === 'POST') return 'tuya.issue';
    if (r.method === 'DELETE') return 'tuya.delete';
    if (r.method === 'PUT') return r.path.endsWith('/freeze-status') ? 'tuya.freeze' : 'tuya.modify';
    if (r.method === 'GET') return 'tuya.query';
  }
  return undefined;
}
