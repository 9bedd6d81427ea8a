/**
 * A station run as the app runs it: secrets out of the config and in the secret store, the config
 * without them, and the IPC dispatcher the renderer talks to.
 */
import { withoutSecrets } from '../electron/services/config';
import type { Dispatch } from '../electron/services/ipc/dispatcher';
import type { Logger } from '../electron/services/logging/logger';
import { silentLogger } from '../electron/services/logging/logger';
import { MemorySecretStore } from '../electron/services/secrets/secret-store';
import { createStation, type Station } from '../electron/services/station';
import type { StationConfig } from '../shared/config';
import { tempDir } from './helpers';
import { signedInInvoke } from './sign-in';
import type { Role } from '../shared/staff';

export interface AppLikeStation {
  station: Station;
  secrets: MemorySecretStore;
  dataDir: string;
  /** As the renderer calls it (trusted sender), signed in as `options.as` (an administrator by default: these tests are about settings). */
  invoke: (channel: string, request: unknown) => ReturnType<Dispatch>;
  cleanup: () => Promise<void>;
}

export async function appLikeStation(config: StationConfig, options: { log?: Logger; as?: Role } = {}): Promise<AppLikeStation> {
  const tmp = tempDir('cs-app-like-');
  const secrets = new MemorySecretStore({
    'uclbrt.authToken': config.uclbrt?.authToken,
    'uclbrt.passwordMd5': config.uclbrt?.operator.passwordMd5,
    'tuya.secret': config.tuya?.secret,
  });
  const station = await createStation(withoutSecrets(config), { secrets, log: options.log ?? silentLogger, dataDir: tmp.dir });
  const signedIn = await signedInInvoke(station, options.as ?? 'administrator');
  return {
    station,
    secrets,
    dataDir: tmp.dir,
    invoke: (channel, request) => signedIn.dispatch(channel, request, signedIn.ctx),
    cleanup: async () => {
      await station.close();
      tmp.cleanup();
    },
  };
}
