/**
 * Desks of one hotel as the app runs them: each a live station (createStation, through the IPC
 * dispatcher, signed in) with its own data folder, all on one sandbox cloud (the hotel's clouds),
 * and all configured for one site on the test cluster, syncing in the background on the real
 * interval. Tuya locks are mapped to rooms 101-103 by a room import, as in test/rooms/rig.ts.
 * A desk opened `withPms` also has a simulated encoder and the PMS's HTTP key API (proximity keys).
 */
import type { Outbox } from '../../electron/services/outbox';
import { parseStationConfig, withoutSecrets } from '../../electron/services/config';
import { silentLogger } from '../../electron/services/logging/logger';
import { startSandbox, type SandboxHandle } from '../../electron/services/sandbox/server';
import type { SandboxFixture } from '../../electron/services/sandbox/types';
import { MemorySecretStore } from '../../electron/services/secrets/secret-store';
import { createStation, type Station } from '../../electron/services/station';
import type { Channel, IpcResult, RequestInputOf, ResponseOf } from '../../shared/ipc/contract';
import type { Role } from '../../shared/staff';
import { tempDir, until } from '../outbox/helpers';
import { rigConfig, rigFixture } from '../outbox/sandbox-rig';
import { TUYA_ROOMS_CSV } from '../rooms/rig';
import { signedInInvoke, TEST_OPERATORS } from '../sign-in';
import { HTTP_TOKEN } from '../pms/pms-rig';
import { deskConfig, SITE_PASSWORD } from './helpers';
import type { PgCluster } from './pg-cluster';

export interface HotelDesk {
  readonly stationId: string;
  readonly station: Station;
  /** As the desk's clerk, through the dispatcher; a refusal fails the test with its message. */
  call<C extends Channel>(channel: C, request: RequestInputOf<C>): Promise<ResponseOf<C>>;
  /** The answer as it is (refusals included). */
  invoke<C extends Channel>(channel: C, request: RequestInputOf<C>, role?: Role): Promise<IpcResult<ResponseOf<C>>>;
  callAs<C extends Channel>(role: Role, channel: C, request: RequestInputOf<C>): Promise<ResponseOf<C>>;
  /** The desk's outbox starts sending (a desk created with `sending: false`, e.g. its network was off). */
  startSending(): void;
  /** The PMS's HTTP key API of a desk opened `withPms` (token HTTP_TOKEN). */
  readonly pmsUrl?: string;
  close(): Promise<void>;
}

export interface Hotel {
  readonly sandbox: SandboxHandle;
  readonly fixture: SandboxFixture;
  desk(stationId: string, options?: { sending?: boolean; withPms?: boolean }): Promise<HotelDesk>;
  close(): Promise<void>;
}

export async function openHotel(cluster: PgCluster, siteId: string): Promise<Hotel> {
  const fixture = rigFixture();
  const sandbox = await startSandbox({ host: '127.0.0.1', port: 0, fixture });
  const desks: HotelDesk[] = [];
  return {
    sandbox,
    fixture,
    async desk(stationId, options = {}) {
      const rig = rigConfig(sandbox.url, fixture);
      const config = parseStationConfig({
        ...rig,
        site: deskConfig(cluster, siteId, stationId),
        ...(options.withPms
          ? {
              encoder: { ...rig.encoder, driver: 'simulator', lockType: 'RFLOCK-V9' },
              pms: { http: { port: 0 }, cardKind: 'proximity', keyWaitSeconds: 8 },
            }
          : {}),
      });
      const t = tempDir(`hotel-${stationId}-`);
      const secrets = new MemorySecretStore({
        'uclbrt.authToken': config.uclbrt?.authToken,
        'uclbrt.passwordMd5': config.uclbrt?.operator.passwordMd5,
        'tuya.secret': config.tuya?.secret,
        'site.password': SITE_PASSWORD,
        ...(options.withPms ? { 'pms.httpToken': HTTP_TOKEN } : {}),
      });
      const station = await createStation(withoutSecrets(config), {
        secrets,
        log: silentLogger,
        dataDir: t.dir,
        sendQueued: options.sending !== false,
      });
      await until(() => station.status().site?.state === 'online', 15_000, `desk ${stationId} online with the site`);
      const as = new Map<Role, Awaited<ReturnType<typeof signedInInvoke>>>();
      const invoke = async <C extends Channel>(
        channel: C,
        request: RequestInputOf<C>,
        role: Role = 'clerk',
      ): Promise<IpcResult<ResponseOf<C>>> => {
        if (!as.has(role)) as.set(role, await signedInInvoke(station, role));
        return as.get(role)!(channel, request);
      };
      const callAs = async <C extends Channel>(role: Role, channel: C, request: RequestInputOf<C>): Promise<ResponseOf<C>> => {
        const r = await invoke(channel, request, role);
        if (!r.ok) throw new Error(`${channel} refused at ${stationId}: ${r.error.code} ${r.error.message}`);
        return r.data;
      };
      const pmsPort = options.withPms ? (await station.pms.start()).listeners.find((l) => l.interface === 'http')?.port : undefined;
      const desk: HotelDesk = {
        stationId,
        ...(pmsPort ? { pmsUrl: `http://127.0.0.1:${pmsPort}` } : {}),
        station,
        invoke,
        callAs,
        call: (channel, request) => callAs('clerk', channel, request),
        startSending: () => (station.outbox as Outbox).start(),
        async close() {
          await station.close();
          t.cleanup();
        },
      };
      // The hotel's operators: the first desk adds them; the others know them through the site (adding
      // the same name at two desks would be refused as taken once the site knows it).
      if (desks.length === 0)
        for (const role of ['administrator', 'supervisor', 'clerk'] as const) await invoke('station:status', {}, role);
      else
        await until(
          () => Object.values(TEST_OPERATORS).every((o) => station.staff.listOperators().some((v) => v.name === o.name)),
          10_000,
          `the hotel's operators at ${stationId}`,
        );
      desks.push(desk);
      const imported = await callAs('administrator', 'rooms:import', { csv: TUYA_ROOMS_CSV });
      if (!imported.applied) throw new Error(`the room import was refused at ${stationId}: ${JSON.stringify(imported.errors)}`);
      return desk;
    },
    async close() {
      for (const d of desks.splice(0).reverse()) await d.close().catch(() => {});
      await sandbox.close();
    },
  };
}
