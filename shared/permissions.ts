/**
 * Who may do what: every IPC channel, push event and CLI command mapped to the lowest role allowed.
 * Main enforces it for every request (the dispatcher, the event forwarder, the CLI); the renderer
 * reads it only to hide what the signed-in person may not use. A channel added to the contract
 * without an entry here is a compile error; a CLI command without one fails its test.
 *
 *   clerk:         read cards, issue, duplicate, report lost, check-out, extend, cancel (cards the
 *                  station knows), see rooms, reports and the queue, retry failed work
 *   supervisor:    + discard, edit and resend, decide uncertain operations, cancel any card, the
 *                  activity log and its export, unlock accounts
 *   administrator: + settings, demo/live switch, secrets, operators, room import and refresh
 */
import type { Channel, EventName } from './ipc/contract';
import { roleAtLeast, type Role } from './staff';

/** Needs nobody signed in and works on a locked session: what the sign-in screen itself uses. */
export const NO_SIGN_IN = 'no-sign-in';
/** A CLI command that changes nothing and so needs no `--operator`. */
export const READ_ONLY = 'read-only';

export type ChannelAccess = Role | typeof NO_SIGN_IN;
export type CliAccess = Role | typeof READ_ONLY;

export const CHANNEL_ACCESS: { readonly [C in Channel]: ChannelAccess } = {
  'station:status': NO_SIGN_IN,
  'station:ports': 'administrator',

  'encoder:read': 'clerk',
  'encoder:hold': 'clerk',
  'encoder:release': 'clerk',
  'encoder:test': 'administrator',
  'encoder:simulate': 'clerk',

  'cards:find': 'clerk',
  'cards:details': 'clerk',

  'cloud:lookup': 'clerk',
  'cloud:macList': 'administrator',
  'cloud:testConnection': 'administrator',

  'operations:submit': 'clerk',
  'operations:list': 'clerk',
  'operations:get': 'clerk',
  'operations:retry': 'clerk',
  'operations:discard': 'supervisor',
  // Edit and resend is a supervisor's (REQUEST_ACCESS.editAndResend): the clerk may only take the
  // station's own suggestion when a lock refuses a single-card loss report (the same card, whole room).
  'operations:resend': 'clerk',
  'operations:drain': 'clerk',

  'rooms:list': 'clerk',
  'rooms:resolve': 'clerk',
  'rooms:show': 'clerk',
  'rooms:doorLog': 'clerk',
  'rooms:preview': 'clerk',
  'rooms:action': 'clerk',
  'rooms:actionGet': 'clerk',
  'rooms:actionWait': 'clerk',
  'rooms:import': 'administrator',
  'rooms:refresh': 'administrator',
  'cards:identify': 'clerk',
  'cards:qrImage': 'clerk',
  'cards:sendSmsAgain': 'clerk',
  'reports:rooms': 'clerk',
  'reports:roomsCsv': 'clerk',

  // Listeners, connected PMS computers and answers by outcome: no secret in it.
  'pms:status': 'clerk',

  'audit:list': 'supervisor',
  'audit:exportCsv': 'supervisor',
  'audit:operators': 'supervisor',

  // The issue forms read the time zone, lock type and Tuya locks from here; it never holds a secret.
  'settings:get': 'clerk',
  'settings:update': 'administrator',
  'settings:language': 'clerk',

  'session:state': NO_SIGN_IN,
  'session:signIn': NO_SIGN_IN,
  'session:firstAdministrator': NO_SIGN_IN,
  'session:lock': NO_SIGN_IN,
  'session:signOut': NO_SIGN_IN,
  'session:activity': NO_SIGN_IN,

  'operators:list': 'supervisor',
  'operators:add': 'administrator',
  'operators:setRole': 'administrator',
  'operators:resetSecret': 'administrator',
  'operators:disable': 'administrator',
  'operators:enable': 'administrator',
  'operators:unlock': 'supervisor',
};

/** Push events: a locked or signed-out window gets only what the sign-in screen shows. */
export const EVENT_ACCESS: { readonly [E in EventName]: ChannelAccess } = {
  'station:status': NO_SIGN_IN,
  'session:changed': NO_SIGN_IN,
  'encoder:card': 'clerk',
  'encoder:card-removed': 'clerk',
  'encoder:holder': 'clerk',
  'operation:updated': 'clerk',
  progress: 'clerk',
  'room:updated': 'clerk',
  'rooms:changed': 'clerk',
  'room-action:updated': 'clerk',
};

/**
 * Rules that depend on what a request asks, beyond its channel (the handlers apply them; the
 * renderer hides the buttons).
 */
export const REQUEST_ACCESS = {
  /** Cancelling (or deleting from a lock) a card this station has no record of: "cancel any card". */
  cancelUnknownCard: 'supervisor',
  /** Sending an uncertain operation again: a person decides it did not reach the cloud. */
  resolveUncertain: 'supervisor',
  /** Edit and resend, except the whole-room follow-up of a refused single-card loss report. */
  editAndResend: 'supervisor',
} as const satisfies Record<string, Role>;

/** Every CLI command by its name (`help` included); test/staff/permissions.test.ts checks it against the CLI's table. */
export const CLI_ACCESS: Readonly<Record<string, CliAccess>> = {
  help: READ_ONLY,
  ports: READ_ONLY,
  'config check': READ_ONLY,
  doctor: READ_ONLY,
  // The browser page it serves signs in like the app; starting it changes nothing.
  web: READ_ONLY,
  read: READ_ONLY,
  // Test tools that never open the station.
  emulate: READ_ONLY,
  sandbox: READ_ONLY,
  // Runs the station for the PMS, which acts as its own user (pms:<workstation>); starting it changes nothing.
  'pms serve': READ_ONLY,
  'pms status': READ_ONLY,
  // The site link: status and one sync change no business record; init works on the PostgreSQL server
  // with its own administrator's credentials, not on this station.
  'site status': READ_ONLY,
  'site sync': READ_ONLY,
  'site init': READ_ONLY,
  'site adopt': 'supervisor',

  'issue-qr': 'clerk',
  'issue-proximity': 'clerk',
  'report-lost': 'clerk',
  'cancel-qr': 'clerk',
  'cancel-proximity': 'clerk',
  'tuya issue': 'clerk',
  'tuya modify': 'clerk',
  'tuya delete': 'clerk',
  'tuya freeze': 'clerk',
  'tuya unfreeze': 'clerk',
  'tuya query': READ_ONLY,

  'queue list': READ_ONLY,
  'queue drain': 'clerk',
  'queue retry': 'clerk',
  'queue discard': 'supervisor',
  'cards find': READ_ONLY,
  'rooms list': READ_ONLY,
  'rooms show': READ_ONLY,
  'rooms import': 'administrator',
  'rooms refresh': 'administrator',
  checkout: 'clerk',
  extend: 'clerk',
  'report rooms-due-out': READ_ONLY,
  'report overstays': READ_ONLY,
  'report cards-expiring': READ_ONLY,
  'audit export': 'supervisor',

  'operators list': 'supervisor',
  'operators add': 'administrator',
  'operators set-role': 'administrator',
  'operators disable': 'administrator',
  'operators enable': 'administrator',
  'operators reset': 'administrator',
  'operators unlock': 'supervisor',
};

/** Whether `role` (undefined: nobody signed in) may use something with this access. */
export function allows(access: ChannelAccess | CliAccess, role: Role | undefined): boolean {
  if (access === NO_SIGN_IN || access === READ_ONLY) return true;
  return role !== undefined && roleAtLeast(role, access);
}

export function mayUseChannel(channel: Channel, role: Role | undefined): boolean {
  return allows(CHANNEL_ACCESS[channel], role);
}
