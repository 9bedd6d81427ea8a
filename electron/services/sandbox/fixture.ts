/** The sandbox fixture: its schema, loading from a file, and the demo fixture shipped with the app. */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { lockTypeSchema } from '../../../shared/domain/cloud';
import { describeIssues, issueLine } from '../../../shared/errors/from-zod';
import demoFixtureJson from '../../../resources/sandbox/demo-fixture.json';
import { isValidTimeZone } from '../cloud/uclbrt/time';
import type { SandboxFixture } from './types';

const macSchema = z.string().regex(/^[0-9A-F]{12}$/, 'must be 12 upper-case hex digits');

const roomSchema = z.object({
  buildNo: z.string().min(1).optional(),
  floorNo: z.string().min(1).optional(),
  roomNo: z.string().min(1),
  lockType: lockTypeSchema,
  roomName: z.string().min(1).optional(),
  lockMac: macSchema.optional(),
  gatewayMac: macSchema.optional(),
});

const roomRefSchema = z.object({ buildNo: z.string().min(1).optional(), floorNo: z.string().min(1).optional(), roomNo: z.string().min(1) });

const operatorSchema = z
  .object({
    areaCode: z
      .string()
      .regex(/^\d{1,4}$/)
      .default('86'),
    mobile: z
      .string()
      .regex(/^\d{5,20}$/)
      .optional(),
    email: z.string().email().optional(),
    passwordMd5: z.string().regex(/^[0-9a-f]{32}$/, 'must be the MD5 of the password (32 lower-case hex digits)'),
  })
  .refine((o) => o.mobile || o.email, 'an operator needs a mobile number or an e-mail');

const communitySchema = z.object({
  communityNo: z.string().regex(/^\d{1,20}$/),
  name: z.string().optional(),
  timeZone: z.string().refine(isValidTimeZone, 'must be an IANA time zone').default('Asia/Shanghai'),
  rooms: z.array(roomSchema).default([]),
  issuerMacs: z.array(z.string().regex(/^[0-9A-F]{12}$/, 'must be 12 upper-case hex digits')).default([]),
  operators: z.array(operatorSchema).default([]),
});

const uclbrtAccountSchema = z.object({
  accountSid: z.string().regex(/^[A-Za-z0-9]{32}$/, 'must be 32 letters and digits'),
  authToken: z.string().min(1),
  communities: z.array(communitySchema).default([]),
  rateLimitPerMinute: z.number().int().positive().optional(),
});

const tuyaProjectSchema = z.object({
  clientId: z.string().min(1),
  secret: z.string().min(1),
  projectId: z.string().min(1),
  devices: z
    .array(z.object({ deviceId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/), name: z.string().optional(), room: roomRefSchema.optional() }))
    .default([]),
  tokenTtlSeconds: z.number().int().positive().optional(),
});

export const sandboxFixtureSchema = z.object({
  $comment: z.string().optional(),
  uclbrt: z.object({ accounts: z.array(uclbrtAccountSchema).default([]) }).default({ accounts: [] }),
  tuya: z.object({ projects: z.array(tuyaProjectSchema).default([]) }).default({ projects: [] }),
});

export class FixtureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FixtureError';
  }
}

export function parseFixture(value: unknown, source = 'fixture'): SandboxFixture {
  const parsed = sandboxFixtureSchema.safeParse(value);
  if (!parsed.success) {
    const lines = describeIssues(parsed.error, sandboxFixtureSchema).map(issueLine);
    throw new FixtureError(`${source} is not a valid sandbox fixture:\n  ${lines.join('\n  ')}`);
  }
  const { $comment: _comment, ...fixture } = parsed.data;
  return fixture as SandboxFixture;
}

export function loadFixtureFile(path: string): SandboxFixture {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new FixtureError(`cannot read the fixture ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new FixtureError(`the fixture ${path} is not JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  return parseFixture(json, path);
}

/** The demo fixture (resources/sandbox/demo-fixture.json), validated; a fresh copy each call. */
export function demoFixture(): SandboxFixture {
  return parseFixture(structuredClone(demoFixtureJson), 'the demo fixture');
}

/** The demo logins, printed when the sandbox starts so a trainer can type them into Settings. */
export function describeCredentials(fixture: SandboxFixture): string[] {
  const lines: string[] = [];
  for (const a of fixture.uclbrt.accounts) {
    lines.push(`UCLBRT  accountSid=${a.accountSid}  authToken=${a.authToken}`);
    for (const c of a.communities) {
      lines.push(`        communityNo=${c.communityNo} (${c.timeZone})  issuerMacs=${c.issuerMacs.join(',') || '-'}`);
      lines.push(
        `        rooms: ${c.rooms.map((r) => `${r.buildNo ? `${r.buildNo}-${r.floorNo}-` : ''}${r.roomNo}:${r.lockType}`).join(' ')}`,
      );
      for (const o of c.operators) {
        lines.push(`        operator ${o.mobile ? `+${o.areaCode} ${o.mobile}` : o.email}  passwordMd5=${o.passwordMd5}`);
      }
    }
  }
  for (const p of fixture.tuya.projects) {
    lines.push(`Tuya    clientId=${p.clientId}  secret=${p.secret}  projectId=${p.projectId}`);
    lines.push(
      `        devices: ${p.devices.map((d) => (d.room ? `${d.deviceId}:${d.room.buildNo ? `${d.room.buildNo}-${d.room.floorNo}-` : ''}${d.room.roomNo}` : d.deviceId)).join(' ') || '-'}`,
    );
  }
  return lines;
}
