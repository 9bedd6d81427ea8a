/**
 * A station run as the app runs it: secrets out of the config and in the secret store, the config
 * without them, and the IPC dispatcher the renderer talks to.
 */
import { withoutSecrets } from '../../electron/services/config';
import { createDispatcher, type Dispatch } from '../../electron/services/ipc/dispatcher';
import { createHandlers } from '../../electron/services/ipc/handlers';
import type { Logger } from '../../electron/services/logging/logger';
import { silentLogger } from '../../electron/services/logging/logger';
import { MemorySecretStore } from '../../electron/services/secrets/secret-store';
import { createStation, type Station } from '../../electron/services/station';
import type { StationConfig } from '../../shared/config';
import { tempDir } from './helpers';

export interface AppLikeStation {
  station: Station;
  secrets: MemorySecretStore;
  dataDir: string;
  /** As the renderer calls it (trusted sender). */
  invoke: (channel: string, request: unknown) => ReturnType<Dispatch>;
  cleanup: () => Promise<void>;
}

export async function appLikeStation(config: StationConfig, options: { log?: Logger } = {}): Promise<AppLikeStation> {
  const tmp = tempDir('cs-app-like-');
  const secrets = new MemorySecretStore({
    'uclbrt.authToken': config.uclbrt?.authToken,
    'uclbrt.passwordMd5': config.uclbrt?.operator.passwordMd5,
    'tuya.secret': config.tuya?.secret,
  });
  const station = await createStation(withoutSecrets(config), { secrets, log: options.log ?? silentLogger, dataDir: tmp.dir });
  const dispatch = createDispatcher(createHandlers(station));
  return {
    station,
    secrets,
    dataDir: tmp.dir,
    invoke: (channel, request) => dispatch(channel, request, { senderTrusted: true }),
    cleanup: async () => {
      await station.close();
      tmp.cleanup();
    },
  };
}
