import { SERIAL_FORMATS, type EncoderDriverId, type SerialFormat } from '../../../shared/domain/encoder';
import { flagBool, flagNumber, flagString, UsageError, type ParsedArgs } from '../args';
import { EXIT, type CliIo, type Command, type FlagSpec } from '../command';
import { BAUD_FLAG, CONFIG_FLAG, JSON_FLAG, msFlag, VERBOSE_FLAG } from '../flags';
import { loadCliConfig, printJson, reportCliFailure } from '../context';
import { createDriver } from '../../services/encoder/drivers';
import { toHex } from '../../services/encoder/bytes';
import { Pn532Emulator, parseUid } from '../../services/encoder/pn532/emulator';
import { formatSerial, normaliseIssueMac } from '../../services/encoder/serial-format';
import { DEMO_UID } from '../../services/encoder/service';
import { openSerial } from '../../services/encoder/transports/serial';
import type { EncoderDriver } from '../../services/encoder/types';
import { StationFailure } from '../../services/failure';

const READ_DRIVERS = ['pn532', 'rdm6300', 'hid', 'simulator'] as const;

function uidFlag(args: ParsedArgs): string {
  const uid = flagString(args, 'uid') ?? DEMO_UID;
  try {
    return toHex(parseUid(uid));
  } catch {
    throw new UsageError(`--uid must be a 4-, 7- or 10-byte UID in hex (8, 14 or 20 digits), got "${uid}"`);
  }
}

const UID_FLAG: FlagSpec = {
  name: 'uid',
  type: 'string',
  value: 'HEX',
  help: `The emulated card's UID: 4, 7 or 10 bytes in hex (default ${DEMO_UID})`,
};

const read: Command = {
  name: 'read',
  summary: 'Wait for one card on an encoder and print its serial number',
  flags: [
    { name: 'driver', type: 'string', choices: READ_DRIVERS, help: 'Encoder driver (default: the configured encoder)' },
    { name: 'port', type: 'string', value: 'PATH', help: 'Serial or HID path (required unless --driver simulator)' },
    BAUD_FLAG,
    { name: 'format', type: 'string', choices: SERIAL_FORMATS, help: 'How to print the serial number (default: configured, else hex)' },
    msFlag('timeout', 'How long to wait for a card (default 15000)', { min: 1 }),
    UID_FLAG,
    msFlag('present-after', 'With --driver simulator: when the card is placed (default 200)'),
    CONFIG_FLAG,
    JSON_FLAG,
  ],
  notes: 'Without --driver the configured encoder (and its format and issueMac) is used.',
  async run(args, io) {
    let driver: EncoderDriver | undefined;
    let emulatorTimer: NodeJS.Timeout | undefined;
    try {
      const timeoutMs = flagNumber(args, 'timeout') ?? 15_000;
      let driverId = flagString(args, 'driver') as EncoderDriverId | undefined;
      let port = flagString(args, 'port');
      let baudRate = flagNumber(args, 'baud');
      let format = flagString(args, 'format') as SerialFormat | undefined;
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
        emulatorTimer = setTimeout(() => sim.placeCard(uid), flagNumber(args, 'present-after') ?? 200);
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
  const port = flagString(args, 'port') ?? '';
  const uid = uidFlag(args);
  const presentAfter = flagNumber(args, 'present-after') ?? 0;
  const removeAfter = flagNumber(args, 'remove-after');
  const baudRate = flagNumber(args, 'baud') ?? 115200;
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
  io.stderr(
    `Emulating a PN532 on ${port} at ${baudRate} baud. Card ${uid} in ${presentAfter} ms${removeAfter !== undefined ? `, removed ${removeAfter} ms later` : ''}. Ctrl-C to stop.`,
  );
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
  const summary = {
    ok: !lost,
    port,
    uid,
    commands: emulator.received.length,
    ...(lost ? { error: StationFailure.of('encoder.disconnected', { port }).error } : {}),
  };
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
  positionals: [{ name: 'DEVICE', help: 'what to emulate', required: true, choices: ['pn532'] }],
  flags: [
    { name: 'port', type: 'string', value: 'PATH', required: true, help: 'Serial port to answer on (one end of a socat pty pair)' },
    UID_FLAG,
    msFlag('present-after', 'When the card is placed (default 0)'),
    msFlag('remove-after', 'Take the card away this long after placing it (default: never)'),
    { ...BAUD_FLAG, help: 'Serial speed in baud (default 115200)' },
    { ...VERBOSE_FLAG, help: 'Print every command received on stderr' },
    JSON_FLAG,
  ],
  run: (args, io) => emulatePn532(args, io),
};

/** Reading cards on an encoder, and the PN532 emulator. */
export const encoderCommands: Command[] = [read, emulate];
