/**
 * `pms serve`: the station headless with only its PMS listeners (a back-office PC, a service).
 * `pms status`: what the listeners of the station running on this data folder are doing, read
 * from its status file, so it never opens the encoder or the PMS ports itself.
 */
import { isLoopbackHost, type StationConfig } from '../../../shared/config';
import type { PmsListenerStatus, PmsStatus } from '../../../shared/domain/pms';
import { emptyOutcomeCounts } from '../../../shared/domain/pms';
import { describeError, stationError } from '../../../shared/errors';
import { flagBool, UsageError } from '../args';
import { EXIT, type CliIo, type Command } from '../command';
import { CONFIG_FLAGS, STATION_FLAGS } from '../flags';
import { loadCliConfig, printJson, reportCliFailure, withCliStation } from '../context';
import { LOOPBACK_PEERS } from '../../services/pms/fias/listener';
import { stationCardKind } from '../../services/pms/card-kind';
import { readPmsStatusFile } from '../../services/pms/status-file';

export function listenerLine(l: PmsListenerStatus): string {
  const name = l.interface === 'fias' ? 'FIAS' : 'HTTP';
  if (l.state === 'off') return `  ${name}  off (not configured)`;
  const where = `${l.host}:${l.port}`;
  const extra =
    l.interface === 'fias'
      ? ` (PMS allowed from: ${(l.allow ?? []).join(', ')})`
      : l.tokenRequired
        ? ' (token required)'
        : ' (no token: this computer only)';
  if (l.state === 'error' && l.error) {
    const { text, action } = describeError(l.error, 'en');
    return `  ${name}  NOT LISTENING on ${where}: ${text} ${action ?? ''}`.trimEnd();
  }
  if (l.state === 'stopped') return `  ${name}  configured for ${where}, not running`;
  return `  ${name}  ${l.state} on ${where}${extra}`;
}

function printStatus(io: CliIo, status: PmsStatus): void {
  io.stdout(
    status.running
      ? `PMS interfaces: running in process ${status.pid} since ${status.since ?? '?'}; keys are ${status.cardKind} cards (unless the room directory gives a room its own kind).`
      : `PMS interfaces: not running (start the app, "station web" or "station pms serve"); keys would be ${status.cardKind} cards (unless the room directory gives a room its own kind).`,
  );
  for (const l of status.listeners) io.stdout(listenerLine(l));
  if (status.running) {
    io.stdout(status.peers.length ? 'Connected PMS:' : 'Connected PMS: none');
    for (const p of status.peers)
      io.stdout(`  ${p.address}:${p.port}  link ${p.linkState}, connected since ${p.since}, last heard ${p.lastSeen}`);
    const counts = Object.entries(status.counts).filter(([, n]) => n > 0);
    io.stdout(`Answers since start: ${counts.length ? counts.map(([o, n]) => `${o} ${n}`).join(', ') : 'none'}`);
    if (status.lastRecords.length) io.stdout('Last records (newest first):');
    for (const r of status.lastRecords) io.stdout(`  ${r.at}  ${r.direction === 'in' ? 'in ' : 'out'}  ${r.text}`);
  }
}

/** What the configuration says when no process runs the listeners. */
function configuredStatus(config: StationConfig): PmsStatus {
  const fias = config.pms?.fias;
  const http = config.pms?.http;
  return {
    running: false,
    cardKind: stationCardKind(config),
    listeners: [
      fias
        ? { interface: 'fias', state: 'stopped', host: fias.host, port: fias.port, allow: [...(fias.allow ?? LOOPBACK_PEERS)] }
        : { interface: 'fias', state: 'off' },
      http
        ? { interface: 'http', state: 'stopped', host: http.host, port: http.port, tokenRequired: !isLoopbackHost(http.host) }
        : { interface: 'http', state: 'off' },
    ],
    peers: [],
    lastRecords: [],
    counts: emptyOutcomeCounts(),
  };
}

const serve: Command = {
  name: 'pms serve',
  summary: 'Run the station headless with only its PMS listeners (FIAS, HTTP key API) until Ctrl-C',
  notes:
    'Configure "pms": {"fias": {...}, "http": {...}} first (see the README). A listener that cannot start is reported and the others keep running.',
  flags: STATION_FLAGS,
  run: (args, io) =>
    withCliStation(args, io, async ({ station, config }) => {
      if (!config.pms?.fias && !config.pms?.http) {
        const error = stationError('pms.not-configured');
        const { text, action } = describeError(error, 'en');
        throw new UsageError(`${text} ${action ?? ''}`.trim(), error);
      }
      const status = await station.pms.start();
      if (flagBool(args, 'json')) printJson(io, status);
      else {
        io.stdout('Card Station PMS interfaces:');
        for (const l of status.listeners) io.stdout(listenerLine(l));
      }
      if (!status.listeners.some((l) => l.state === 'listening')) {
        io.stderr('No PMS listener could start; see above.');
        return EXIT.operationFailed;
      }
      if (!flagBool(args, 'json')) io.stdout('Press Ctrl-C to stop.');
      await io.interrupted;
      io.stderr('Stopping...');
      return EXIT.ok;
    }),
};

const status: Command = {
  name: 'pms status',
  summary: 'The PMS listeners of the station running on this data folder: listeners, connected PMS, last records, answers by outcome',
  notes: 'Exits 0 when every configured listener is listening (or none is configured), 4 when one is not running or cannot listen.',
  flags: CONFIG_FLAGS,
  async run(args, io) {
    try {
      const { config, dataDir } = loadCliConfig(args, io);
      const running = readPmsStatusFile(dataDir);
      const current: PmsStatus = running ? (({ writtenAt: _w, ...s }) => s)(running) : configuredStatus(config);
      if (flagBool(args, 'json')) printJson(io, current);
      else if (!config.pms?.fias && !config.pms?.http && !running) io.stdout('No PMS interface is configured on this station.');
      else printStatus(io, current);
      const configured = current.listeners.filter((l) => l.state !== 'off');
      return configured.every((l) => l.state === 'listening') ? EXIT.ok : EXIT.operationFailed;
    } catch (err) {
      return reportCliFailure(err, args, io);
    }
  },
};

// Permissions: shared/permissions.ts (`pms serve` and `pms status` are read-only: the PMS acts as its own user, pms:<workstation>).
export const pmsCommands: Command[] = [serve, status];
