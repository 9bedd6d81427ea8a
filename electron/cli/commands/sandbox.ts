import { flagBool, flagNumber, flagString } from '../args';
import { EXIT, type Command } from '../command';
import { JSON_FLAG, tcpPortFlag } from '../flags';
import { demoFixture, describeCredentials, FixtureError, loadFixtureFile } from '../../services/sandbox/fixture';
import { startSandbox } from '../../services/sandbox/server';
import { describeError, stationError } from '../../../shared/errors';

const sandboxCommand: Command = {
  name: 'sandbox',
  summary: 'Run the sandbox cloud (UCLBRT and Tuya) on this computer until Ctrl-C',
  flags: [
    tcpPortFlag('Port to listen on (0 picks a free one)', true),
    { name: 'host', type: 'string', value: 'ADDRESS', help: 'Address to listen on (default 127.0.0.1)' },
    { name: 'fixture', type: 'string', value: 'FILE', help: 'Accounts, communities and locks to serve (default: the demo fixture)' },
    JSON_FLAG,
  ],
  notes:
    'On an address other than loopback the control routes below need the token it prints (Authorization: Bearer TOKEN).\n' +
    '  Faults: POST /__sandbox/faults {"mode":"down"|"http500"|"http502"|"http503"|"http504"|"timeout"|"rate-limit"|"garbage"|"none","count":N}\n' +
    '  (down: connections refused for N seconds). Inspect: GET /__sandbox/requests, GET /__sandbox/cards',
  async run(args, io) {
    const port = flagNumber(args, 'port') ?? 0;
    const host = flagString(args, 'host') ?? '127.0.0.1';
    const fixturePath = flagString(args, 'fixture');
    let fixture;
    try {
      fixture = fixturePath ? loadFixtureFile(fixturePath) : demoFixture();
    } catch (err) {
      if (err instanceof FixtureError) {
        io.stderr(err.message);
        return EXIT.usage;
      }
      throw err;
    }
    let sandbox;
    try {
      sandbox = await startSandbox({ host, port, fixture });
    } catch (err) {
      io.stderr(`Cannot listen on ${host}:${port}: ${err instanceof Error ? err.message : String(err)}`);
      return EXIT.operationFailed;
    }
    const credentials = describeCredentials(fixture);
    const token = sandbox.controlToken;
    if (token !== undefined) {
      // Reachable from the network: say so first, on stderr, whatever the output format.
      const { text, action } = describeError(stationError('station.sandbox-exposed', { host: sandbox.host }), 'en');
      io.stderr(`Warning: ${text}`);
      if (action) io.stderr(action);
    }
    if (flagBool(args, 'json')) {
      io.stdout(
        JSON.stringify({
          url: sandbox.url,
          host: sandbox.host,
          port: sandbox.port,
          fixture: fixturePath ?? 'demo',
          credentials,
          ...(token !== undefined ? { controlToken: token } : {}),
        }),
      );
      io.stderr(`listening on ${sandbox.url}`);
    } else {
      io.stdout(`listening on ${sandbox.url}`);
      if (token !== undefined) io.stdout(`Control routes (/__sandbox/...) need: Authorization: Bearer ${token}`);
      io.stdout(`Sandbox cloud with the ${fixturePath ? `fixture ${fixturePath}` : 'demo fixture'}. Credentials:`);
      for (const line of credentials) io.stdout(`  ${line}`);
      if (!fixturePath) io.stdout('  (the demo operator password is demo1234; the station stores only its MD5)');
      io.stdout('Press Ctrl-C to stop.');
    }
    await io.interrupted;
    await sandbox.close();
    io.stderr('sandbox stopped');
    return EXIT.ok;
  },
};

/** The local sandbox cloud (demo mode, tests). */
export const sandboxCommands: Command[] = [sandboxCommand];
