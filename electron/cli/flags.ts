/** Flags that several commands share, declared once. */
import type { FlagSpec } from './command';

export const JSON_FLAG: FlagSpec = { name: 'json', type: 'boolean', help: 'Print exactly one JSON value on stdout; messages go to stderr' };

export const CONFIG_FLAG: FlagSpec = {
  name: 'config',
  type: 'string',
  value: 'FILE',
  help: 'The station configuration (default: STATION_CONFIG, then the saved settings, then demo defaults)',
};

export const VERBOSE_FLAG: FlagSpec = { name: 'verbose', type: 'boolean', help: 'Show debug lines on stderr (or STATION_VERBOSE=1)' };

/** Who runs a command that changes the station: checked like a sign-in (shared/permissions.ts CLI_ACCESS). */
export const OPERATOR_FLAG: FlagSpec = {
  name: 'operator',
  type: 'string',
  value: 'NAME',
  help: 'Who does this: an operator of this station; the PIN or password comes from STATION_OPERATOR_PIN, or is asked for on a terminal',
};

/** What every command that builds a Station takes (context.ts reads them). */
export const STATION_FLAGS: readonly FlagSpec[] = [CONFIG_FLAG, VERBOSE_FLAG, JSON_FLAG];

/** Commands that only read the configuration (and maybe the database). */
export const CONFIG_FLAGS: readonly FlagSpec[] = [CONFIG_FLAG, JSON_FLAG];

/** Longest wait a command accepts: an hour (node timers cannot go past about 24 days anyway). */
export const MAX_WAIT_MS = 3_600_000;

/** A duration in milliseconds. */
export function msFlag(name: string, help: string, limits: { min?: number; max?: number } = {}): FlagSpec {
  return { name, type: 'integer', value: 'MS', min: limits.min ?? 0, max: limits.max ?? MAX_WAIT_MS, help };
}

/** A TCP port number; 0 picks a free one. */
export function tcpPortFlag(help: string, required = false): FlagSpec {
  return { name: 'port', type: 'integer', value: 'N', min: 0, max: 65535, required, help };
}

export const BAUD_FLAG: FlagSpec = { name: 'baud', type: 'integer', value: 'N', min: 300, max: 4_000_000, help: 'Serial speed in baud' };

/** A flag with a value: `--room R`. */
export const text = (name: string, value: string, help: string, required = false): FlagSpec => ({
  name,
  type: 'string',
  value,
  help,
  required,
});

/** A switch: `--whole-room`. */
export const toggle = (name: string, help: string): FlagSpec => ({ name, type: 'boolean', help });

export const WAIT_FLAG = msFlag('wait', 'How long to wait for the cloud before printing the operation (default 10000)');

/** What every command that queues an operation takes besides its own flags. */
export const MUTATION_FLAGS: readonly FlagSpec[] = [OPERATOR_FLAG, WAIT_FLAG, ...STATION_FLAGS];

/** A card serial number given, or read from a card on the encoder (see card-serial.ts). */
export function serialFlags(flag: string, help: string): FlagSpec[] {
  return [
    text(flag, 'S', `${help} (or --read)`),
    toggle('read', `Read it from a card on the encoder instead of --${flag}`),
    msFlag('read-timeout', 'With --read: how long to wait for the card (default 15000)', { min: 1 }),
  ];
}
