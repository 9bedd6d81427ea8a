/** A card serial number from a flag (`--serial-num S`), or from a card on the encoder (`--read`); flags in flags.ts serialFlags. */
import { flagBool, flagNumber, flagString, UsageError, type ParsedArgs } from './args';
import type { CliIo } from './command';
import type { CliStation } from './context';

export async function serialFrom(args: ParsedArgs, ctx: CliStation, io: CliIo, flag = 'serial-num'): Promise<string> {
  const given = flagString(args, flag);
  if (given !== undefined && flagBool(args, 'read')) throw new UsageError(`give --${flag} or --read, not both`);
  if (given !== undefined) return given;
  if (!flagBool(args, 'read')) throw new UsageError(`give --${flag} S, or --read to take it from a card on the encoder`);
  io.stderr('Place the card on the encoder...');
  const card = await ctx.station.encoder.read(flagNumber(args, 'read-timeout') ?? 15_000);
  io.stderr(`Read card ${card.serialNum} (${card.cardType}).`);
  return card.serialNum;
}
