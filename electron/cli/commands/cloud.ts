import { flagNumber, flagString, UsageError } from '../args';
import { EXIT, type Command } from '../command';
import { demoFixture, describeCredentials, FixtureError, loadFixtureFile } from '../../services/sandbox/fixture';
import { startSandbox } from '../../services/sandbox/server';

const sandboxCommand: Command = {
  name: 'sandbox',
  summary: 'Run the sandbox cloud (UCLBRT and Tuya) on this computer until Ctrl-C',
  usage:
    'sandbox --port N [--host 127.0.0.1] [--fixture FILE] [--json]\n' +
    '  Faults: POST /__sandbox/faults {"mode":"down"|"http500"|"http502"|"http503"|"http504"|"timeout"|"rate-limit"|"garbage"|"none","count":N}\n' +
    '  (down: connections refused for N seconds). Inspect: GET /__sandbox/requests, GET /__sandbox/cards',
  async run(args, io) {
    const port = flagNumber(args, 'port');
    if (port === undefined) throw new UsageError('--port is required (0 picks a free port)');
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0..65535, got ${port}`);
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
    if (args.flags.has('json')) {
      io.stdout(JSON.stringify({ url: sandbox.url, host: sandbox.host, port: sandbox.port, fixture: fixturePath ?? 'demo', credentials }));
      io.stderr(`listening on ${sandbox.url}`);
    } else {
      io.stdout(`listening on ${sandbox.url}`);
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

/** Commands of the cloud issue. */
export const cloudCommands: Command[] = [sandboxCommand];
