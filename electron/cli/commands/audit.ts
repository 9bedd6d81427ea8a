/** The activity log on the command line: export it to a CSV file (read-only). */
import { resolve } from 'node:path';
import { findErrorEntry } from '../../../shared/errors';
import { auditFilterSchema } from '../../../shared/ipc/contract';
import { checked, flagBool, flagString, required, UsageError } from '../args';
import { EXIT, type Command } from '../command';
import { printJson, withStationReader } from '../context';
import { CONFIG_FLAGS, OPERATOR_FLAG, text, toggle } from '../flags';
import { checkExportTarget, EXPORT_TARGET_CODES } from '../../services/audit/export-file';
import { StationFailure } from '../../services/failure';

const auditExport: Command = {
  name: 'audit export',
  summary: 'Write the activity log to a CSV file',
  flags: [
    text('csv', 'FILE', 'The CSV file to write (outside the data folder; its folder must exist)', true),
    toggle('force', 'Replace FILE if it exists'),
    text('action', 'A', 'Only entries of this action (operation.accepted, operation.done, ...)'),
    text('by', 'NAME', 'Only entries by this person'),
    text('from', 'T', 'From this local time (YYYY-MM-DDTHH:mm)'),
    text('to', 'T', 'Until this local time (YYYY-MM-DDTHH:mm)'),
    text('query', 'Q', 'Only entries about this operation id, card, room or text'),
    OPERATOR_FLAG,
    ...CONFIG_FLAGS,
  ],
  run: (args, io) =>
    withStationReader(args, io, async ({ registry, dataDir }) => {
      const file = resolve(required(args, 'csv'));
      const overwrite = flagBool(args, 'force');
      const given = {
        action: flagString(args, 'action'),
        operator: flagString(args, 'by'),
        from: flagString(args, 'from'),
        to: flagString(args, 'to'),
        query: flagString(args, 'query'),
      };
      const {
        limit: _limit,
        offset: _offset,
        ...filter
      } = checked(auditFilterSchema, given, (field) => `--${field === 'operator' ? 'by' : field}`);
      try {
        checkExportTarget(file, dataDir, { overwrite });
        const { rows } = await registry.exportCsvFile(file, filter, { overwrite });
        printJson(io, { file, rows });
        io.stderr(`Wrote ${rows} entr${rows === 1 ? 'y' : 'ies'} to ${file}.`);
        return EXIT.ok;
      } catch (err) {
        // Another file name fixes these: a usage error (exit 2), with what to do.
        if (err instanceof StationFailure && EXPORT_TARGET_CODES.has(err.error.code)) {
          throw new UsageError(`${err.error.message} ${findErrorEntry(err.error.code)?.actionEn ?? ''}`.trim(), err.error);
        }
        throw err;
      }
    }),
};

export const auditCommands: Command[] = [auditExport];
