/**
 * The site database from the command line (docs/site.md): `site init` for the hotel's IT,
 * `site status`, `site sync` (one push and pull, for scripts) and `site adopt` for a supervisor.
 */
import { describeError, stationError } from '../../../shared/errors';
import { parseSiteUrl } from '../../../shared/site/site-url';
import { operatorNameSchema } from '../../../shared/config';
import { checked, flagBool, flagString, UsageError, type ParsedArgs } from '../args';
import { EXIT, type Command } from '../command';
import { CONFIG_FLAGS, STATION_FLAGS } from '../flags';
import { loadCliConfig, printJson, reportCliFailure, withCliStation, type CliStation } from '../context';
import { initSite } from '../../services/site/pg/init';
import { SECRET_ENV } from '../../services/secrets/env-file-secret-store';
import type { SiteService } from '../../services/site/service';
import { STATION_VERSION } from '../../services/version';
import { StationFailure } from '../../services/failure';
import { DEFAULT_ADOPT_AFTER_MS } from '../../services/site/send-gate';

function siteOf(ctx: CliStation): SiteService {
  if (!ctx.station.site) {
    const error = stationError('site.not-configured');
    throw new UsageError(`${error.message} ${describeError(error, 'en').action ?? ''}`.trim(), error);
  }
  return ctx.station.site;
}

/** The status in a sentence, with what to do when something is wrong. */
function statusLine(site: SiteService): string {
  const s = site.status();
  const head = `Site ${s.siteId}, station ${s.stationId}:`;
  const advice = s.error ? ` ${s.error.message} ${describeError(s.error, 'en').action ?? ''}`.trimEnd() : '';
  switch (s.state) {
    case 'online':
      return `${head} online, up to date.`;
    case 'behind':
      return `${head} online, behind by ${s.behindBy} fact(s) to pull and ${s.unpushed} to push.`;
    case 'offline':
      return `${head} offline since ${s.offlineSince}; this desk works on its own (${s.unpushed} fact(s) waiting to be pushed).${advice}`;
    case 'refused':
      return `${head} not used.${advice}`;
    case 'connecting':
      return `${head} not contacted yet.`;
  }
}

const siteStatus: Command = {
  name: 'site status',
  summary: 'The link to the site database: online, behind by N facts, or offline since when; and the desks it knows',
  flags: STATION_FLAGS,
  run: (args, io) =>
    withCliStation(args, io, async (ctx) => {
      const site = siteOf(ctx);
      const { status, stations } = await site.probe();
      printJson(io, { ...status, stations });
      io.stderr(statusLine(site));
      for (const s of stations)
        io.stderr(
          `  desk ${s.stationId}: last heard from ${s.lastSeen}, ${s.pushedSeq} fact(s) pushed${s.appVersion ? `, version ${s.appVersion}` : ''}`,
        );
      return status.state === 'online' || status.state === 'behind' ? EXIT.ok : EXIT.operationFailed;
    }),
};

const siteSync: Command = {
  name: 'site sync',
  summary: "Push this desk's facts to the site database and pull the other desks' once, then exit",
  flags: STATION_FLAGS,
  run: (args, io) =>
    withCliStation(args, io, async (ctx) => {
      const site = siteOf(ctx);
      try {
        const report = await site.syncNow();
        printJson(io, { ...report, status: site.status() });
        io.stderr(`Pushed ${report.pushed} and pulled ${report.pulled} fact(s).`);
        if (report.withdrawn)
          io.stderr(
            `${report.withdrawn} operation(s) were taken over by another desk while this one was away; they will not be sent from here.`,
          );
        io.stderr(statusLine(site));
        return EXIT.ok;
      } catch (err) {
        if (flagBool(args, 'json'))
          printJson(io, { ok: false, error: err instanceof StationFailure ? err.error : String(err), status: site.status() });
        io.stderr(statusLine(site));
        return EXIT.operationFailed;
      }
    }),
};

function operatorOf(args: ParsedArgs, ctx: CliStation): string {
  const given = flagString(args, 'operator');
  if (given === undefined) return ctx.station.operatorName();
  return checked(operatorNameSchema, given, () => '--operator');
}

const siteAdopt: Command = {
  name: 'site adopt',
  summary: 'Take over the queued operations of a desk that is gone (switched off, broken); without --yes, only show them',
  notes: `The desk must have been silent for ${DEFAULT_ADOPT_AFTER_MS / 60_000} minutes. Operations it may have been sending, or that failed or are uncertain there, are listed and left: a person checks them in the cloud. When the gone desk comes back it sees what was taken over and does not send it.`,
  flags: [
    { name: 'from', type: 'string', value: 'STATION', required: true, help: 'The stationId of the desk that is gone' },
    { name: 'yes', type: 'boolean', help: 'Take them over (without it: only show what would be taken)' },
    {
      name: 'operator',
      type: 'string',
      value: 'NAME',
      help: 'Who takes them over, for the activity log (default: the configured operatorName)',
    },
    ...STATION_FLAGS,
  ],
  run: (args, io) =>
    withCliStation(args, io, async (ctx) => {
      const site = siteOf(ctx);
      const from = flagString(args, 'from')!;
      const operator = operatorOf(args, ctx);
      const confirmed = flagBool(args, 'yes');
      const report = await site.adopt(from, operator, { dryRun: !confirmed });
      printJson(io, { ...report, adopted: confirmed });
      for (const t of report.taken)
        io.stderr(`  ${confirmed ? 'taken' : 'would take'}: ${t.kind} ${t.operationId}${t.localId ? ` (here ${t.localId})` : ''}`);
      for (const l of report.left) io.stderr(`  left (${l.state}, check it in the cloud): ${l.kind} ${l.operationId}`);
      if (!confirmed) {
        io.stderr(
          `Desk ${from} has ${report.taken.length} queued operation(s) this desk can take over. Run again with --yes to take them over.`,
        );
        return EXIT.usage;
      }
      io.stderr(
        `Took over ${report.taken.length} operation(s) from desk ${from}; they are queued here.${report.left.length ? ` ${report.left.length} left for a person.` : ''}`,
      );
      return EXIT.ok;
    }),
};

const siteInit: Command = {
  name: 'site init',
  summary: "Create or upgrade the site database schema and this site's role (for the hotel's IT; docs/site.md)",
  notes: `Run as the database owner or a superuser: --admin-url postgres://ADMIN@HOST:PORT/DATABASE, its password in PGPASSWORD. The site's role is the user in site.postgresUrl and its site is site.siteId (from --config). ${SECRET_ENV.sitePassword} sets the role's password (needed the first time; again to change it).`,
  flags: [
    {
      name: 'admin-url',
      type: 'string',
      value: 'URL',
      required: true,
      help: "The owner's or a superuser's connection (password in PGPASSWORD)",
    },
    ...CONFIG_FLAGS,
  ],
  run: async (args, io) => {
    try {
      const { config } = loadCliConfig(args, io);
      if (!config.site) {
        const error = stationError('site.not-configured');
        throw new UsageError(`${error.message} ${describeError(error, 'en').action ?? ''}`.trim(), error);
      }
      const address = parseSiteUrl(config.site.postgresUrl);
      if ('problem' in address) throw new UsageError(`site.postgresUrl: ${address.problem}`);
      const report = await initSite({
        adminUrl: flagString(args, 'admin-url')!,
        siteId: config.site.siteId,
        role: address.user,
        password: io.env[SECRET_ENV.sitePassword] || undefined,
        appVersion: STATION_VERSION,
      });
      printJson(io, { siteId: config.site.siteId, role: address.user, ...report });
      io.stderr(
        `Site database ready: schema version ${report.schemaTo}${report.schemaFrom !== report.schemaTo ? ` (was ${report.schemaFrom})` : ''}; role ${address.user} ${report.roleCreated ? 'created' : 'exists'}${report.passwordSet ? ', password set' : ''}; site ${config.site.siteId} ${report.siteCreated ? 'created' : 'exists'}.`,
      );
      return EXIT.ok;
    } catch (err) {
      return reportCliFailure(err, args, io);
    }
  },
};

/** The hotel's site database: link status, one sync, taking over a gone desk's work, setting it up. */
export const siteCommands: Command[] = [siteStatus, siteSync, siteAdopt, siteInit];
