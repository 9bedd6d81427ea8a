import { SERIAL_FORMATS, type EncoderDriverId, type SerialFormat } from '../../../shared/domain/encoder';
import { flagBool, flagNumber, flagString, UsageError, type ParsedArgs } from '../args';
import { EXIT, type CliIo, type Command } from '../command';
import { loadCliConfig, printJson, reportCliFailure } from '../context';
import { createDriver } from '../../services/encoder/drivers';
import { toHex } from '../../services/encoder/pn532/codec';
import { Pn532Emulator, parseUid } from '../../services/encoder/pn532/emulator';
import { formatSerial, normaliseIssueMac } from '../../services/encoder/serial-format';
import { DEMO_UID } from '../../services/encoder/service';
import { openSerial } from '../../services/encoder/transports/serial';
import type { EncoderDriver } from '../../services/encoder/types';
import { StationFailure } from '../../services/failure';

const READ_DRIVERS = ['pn532', 'rdm6300', 'hid', 'simulator'] as const;

function oneOf<T extends string>(args: ParsedArgs, name: string, allowed: readonly T[]): T | undefined {
  const v = flagString(args, name);
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, got "${v}"`);
  return v as T;
}

function positive(args: ParsedArgs, name: string): number | undefined {
  const n = flagNumber(args, name);
  if (n !== undefined && (n < 0 || !Number.isInteger(n))) throw new UsageError(`--${name} must be a whole number of at least 0`);
  return n;
}

function uidFlag(args: ParsedArgs): string {
  const uid = flagString(args, 'uid') ?? DEMO_UID;
  try {
    return toHex(parseUid(uid));
  } catch {
    throw new UsageError(`--uid must be a 4-, 7- or 10-byte UID in hex (8, 14 or 20 digits), got "${uid}"`);
  }
}

const read: Command = {
  name: 'read',
  summary: 'Wait for one card on an encoder and print its serial number',
  usage:
    'read [--driver pn532|rdm6300|hid|simulator] [--port PATH] [--baud N] [--format hex|hex-reversed|dec|dec-reversed] [--timeout MS] [--json] [--config FILE]\n' +
    '  Without --driver the configured encoder is used. With --driver simulator, --uid HEX (default 04A22B1C)\n' +
    '  is placed on the emulated PN532 after --present-after MS (default 200).',
  async run(args, io) {
    let driver: EncoderDriver | undefined;
    let emulatorTimer: NodeJS.Timeout | undefined;
    try {
      const timeoutMs = positive(args, 'timeout') ?? 15_000;
      let driverId = oneOf<EncoderDriverId>(args, 'driver', READ_DRIVERS);
      let port = flagString(args, 'port');
      let baudRate = positive(args, 'baud');
      let format = oneOf<SerialFormat>(args, 'format', SERIAL_FORMATS);
      let issueMac: string | undefined;
      if (!driverId) {
        const { config } = loadCliConfig(args, io);
        driverId = config.encoder.driver;
        port ??= config.encoder.port;
        baudRate ??= config.encoder.baudRate;
        format ??= config.encoder.serialFormat;
        issueMac = normaliseIssueMac(config.encoder.issueMac);
        if (driverId === 'none') throw StationFailure.of('encoder.not-configured');
      }
      if (driverId !== 'simulator' && !port) throw new UsageError(`--port is required for the ${driverId} driver`);
      let emulator: Pn532Emulator | undefined;
      if (driverId === 'simulator') {
        emulator = new Pn532Emulator();
        const uid = uidFlag(args);
        const sim = emulator;
        emulatorTimer = setTimeout(() => sim.placeCard(uid), positive(args, 'present-after') ?? 200);
      }
      driver = createDriver({ driver: driverId, port, baudRate }, { emulator });
      io.stderr(`Opening the ${driverId} encoder${port ? ` on ${port}` : ''}...`);
      // Ctrl-C stops the wait (the CLI catches SIGINT, so it must be honoured here).
      const interrupted = io.interrupted.then(() => {
        throw StationFailure.of('encoder.closed');
      });
      interrupted.catch(() => undefined); // a Ctrl-C after the read is not an unhandled rejection
      await Promise.race([driver.open(), interrupted]);
      const status = driver.status();
      if (status.state === 'ready') io.stderr(`Ready: ${status.model} ${status.firmware}. Present a card (waiting ${timeoutMs / 1000} s).`);
      const card = await Promise.race([driver.readCard(timeoutMs), interrupted]);
      const result = {
        serialNum: formatSerial(card.serialBytes, format ?? 'hex'),
        uid: toHex(card.uid),
        driver: driverId,
        cardType: card.cardType,
        ...(issueMac ? { issueMac } : {}),
      };
      if (flagBool(args, 'json')) printJson(io, result);
      else io.stdout(`${result.serialNum}  (UID ${result.uid}, ${result.cardType})`);
      return EXIT.ok;
    } catch (err) {
      return reportCliFailure(err, args, io);
    } finally {
      if (emulatorTimer) clearTimeout(emulatorTimer);
      await driver?.close().catch(() => undefined);
    }
  },
};

/** Runs the PN532 emulator on a serial port (one end of a socat pty pair) until Ctrl-C. */
async function emulatePn532(args: ParsedArgs, io: CliIo): Promise<number> {
  const port = flagString(args, 'port');
  if (!port) throw new UsageError('--port is required');
  const uid = uidFlag(args);
  const presentAfter = positive(args, 'present-after') ?? 0;
  const removeAfter = positive(args, 'remove-after');
  const baudRate = positive(args, 'baud') ?? 115200;
  const verbose = flagBool(args, 'verbose');
  const timers: NodeJS.Timeout[] = [];
  const emulator = new Pn532Emulator({
    onCommand: (name, params) => {
      if (verbose) io.stderr(`<- ${name} ${toHex(params)}`);
    },
  });
  let transport;
  try {
    transport = await openSerial({ path: port, baudRate });
  } catch (err) {
    return reportCliFailure(err, args, io);
  }
  emulator.attach(transport);
  io.stderr(`Emulating a PN532 on ${port} at ${baudRate} baud. Card ${uid} in ${presentAfter} ms${removeAfter !== undefined ? `, removed ${removeAfter} ms later` : ''}. Ctrl-C to stop.`);
  timers.push(
    setTimeout(() => {
      emulator.placeCard(uid);
      io.stderr(`Card ${uid} placed.`);
      if (removeAfter !== undefined) {
        timers.push(
          setTimeout(() => {
            emulator.removeCard();
            io.stderr(`Card ${uid} removed.`);
          }, removeAfter),
        );
      }
    }, presentAfter),
  );
  let lost: string | undefined;
  await Promise.race([io.interrupted, new Promise<void>((resolve) => transport.onLost((reason) => ((lost = reason), resolve())))]);
  for (const t of timers) clearTimeout(t);
  emulator.detach();
  await transport.close();
  const summary = { ok: !lost, port, uid, commands: emulator.received.length, ...(lost ? { error: StationFailure.of('encoder.disconnected', { port }).error } : {}) };
  if (flagBool(args, 'json')) printJson(io, summary);
  if (lost) {
    io.stderr(`The port ${port} went away (${lost}).`);
    return EXIT.operationFailed;
  }
  io.stderr(`Stopped after ${summary.commands} commands.`);
  return EXIT.ok;
}

const emulate: Command = {
  name: 'emulate',
  summary: 'Run the PN532 emulator on a serial port until Ctrl-C (for tests, demos and nfc-list)',
  usage: 'emulate pn532 --port PATH [--uid HEX] [--present-after MS] [--remove-after MS] [--baud N] [--verbose] [--json]',
  booleanFlags: ['verbose'],
  async run(args, io) {
    const [what] = args.positionals;
    if (what !== 'pn532') throw new UsageError(what ? `Only "pn532" can be emulated, not "${what}"` : 'Say what to emulate: emulate pn532 --port PATH');
    return emulatePn532(args, io);
  },
};

/** Commands of the encoder issue. */
export const encoderCommands: Command[] = [read, emulate];
