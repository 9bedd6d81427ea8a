/**
 * The cloud service as a station runs it. A demo station with a provider left unconfigured talks
 * to the sandbox cloud, started here in-process (127.0.0.1, a free port, the demo fixture): the
 * station wires the sandbox to the clouds, so cloud/ never depends on sandbox/.
 */
import type { Logger } from './logging/logger';
import { createCloudService, type CloudServiceDeps, type StationCloudService } from './cloud/service';
import type { DemoCloud } from './cloud/settings';
import { demoFixture } from './sandbox/fixture';
import { startSandbox, type SandboxHandle } from './sandbox/server';
import type { SandboxFixture } from './sandbox/types';

export interface StationCloud extends StationCloudService {
  /** The in-process sandbox of a demo station (undefined otherwise). */
  readonly sandbox?: SandboxHandle;
}

export interface StationCloudDeps extends Omit<CloudServiceDeps, 'demo'> {
  log?: Logger;
  /** Demo mode starts the sandbox unless this is false (tests that bring their own). */
  startDemoSandbox?: boolean;
}

/** The first UCLBRT account and community, and the first Tuya project, of a sandbox fixture. */
export function demoCloudOf(url: string, fixture: SandboxFixture): DemoCloud {
  const account = fixture.uclbrt.accounts[0];
  const community = account?.communities[0];
  const operator = community?.operators[0];
  const project = fixture.tuya.projects[0];
  return {
    url,
    ...(account && community
      ? {
          uclbrt: {
            accountSid: account.accountSid,
            authToken: account.authToken,
            communityNo: community.communityNo,
            timeZone: community.timeZone,
            ...(operator ? { operator } : {}),
            ...(community.issuerMacs[0] ? { issuerMac: community.issuerMacs[0] } : {}),
          },
        }
      : {}),
    ...(project
      ? { tuya: { clientId: project.clientId, secret: project.secret, projectId: project.projectId, devices: project.devices } }
      : {}),
  };
}

export async function createStationCloud(deps: StationCloudDeps): Promise<StationCloud> {
  const config = deps.getConfig();
  let sandbox: SandboxHandle | undefined;
  if (config.mode === 'demo' && (!config.uclbrt || !config.tuya) && deps.startDemoSandbox !== false) {
    sandbox = await startSandbox({ host: '127.0.0.1', port: 0, fixture: demoFixture() });
    deps.log?.info('demo sandbox cloud started', { url: sandbox.url });
  }
  let cloud: StationCloudService;
  try {
    cloud = await createCloudService({ ...deps, demo: sandbox ? demoCloudOf(sandbox.url, sandbox.state.fixture) : undefined });
  } catch (err) {
    await sandbox?.close();
    throw err;
  }
  return {
    ...cloud,
    sandbox,
    async close() {
      await cloud.close();
      await sandbox?.close();
    },
  };
}
