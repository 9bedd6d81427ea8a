/** The card registry on the command line (read-only). */
import { plainText } from '../../../shared/text/plain-text';
import { checked, flagNumber, UsageError } from '../args';
import { EXIT, type Command } from '../command';
import { printJson, withStationReader } from '../context';
import { CONFIG_FLAGS } from '../flags';

const cardsFind: Command = {
  name: 'cards find',
  summary: 'Find cards this station (in a site: any desk of the hotel) dealt with, by room, mobile or card number',
  positionals: [{ name: 'QUERY', help: 'a room, mobile number or card number to look for', required: true, variadic: true }],
  flags: [{ name: 'limit', type: 'integer', value: 'N', min: 1, max: 200, help: 'At most this many (default 50)' }, ...CONFIG_FLAGS],
  run: (args, io) =>
    withStationReader(args, io, async ({ registry }) => {
      const query = checked(plainText({ trim: true }), args.positionals.join(' '), () => 'QUERY');
      if (!query) throw new UsageError('give a room, mobile number or card number to look for');
      const cards = await registry.find({ query, limit: flagNumber(args, 'limit') ?? 50 });
      printJson(io, { items: cards, total: cards.length });
      io.stderr(`${cards.length} card(s) found.`);
      return EXIT.ok;
    }),
};

export const cardCommands: Command[] = [cardsFind];
