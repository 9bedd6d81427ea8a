import type { TFunction } from 'i18next';

/** Fields whose label lives outside `fields.*` (settings, search boxes). */
const ELSEWHERE: Record<string, string> = {
  mode: 'home.mode',
  language: 'language.label',
  operatorName: 'settings.operatorName',
  baseUrl: 'settings.baseUrl',
  accountSid: 'settings.accountSid',
  authToken: 'settings.authToken',
  communityNo: 'settings.communityNo',
  timezone: 'settings.timezone',
  creatorAreaCode: 'settings.creatorAreaCode',
  creatorMobile: 'settings.creatorMobile',
  password: 'settings.operatorPassword',
  passwordMd5: 'settings.operatorPassword',
  clientId: 'settings.clientId',
  secret: 'settings.tuyaSecret',
  projectId: 'settings.projectId',
  lockDeviceIds: 'settings.lockDeviceIds',
  driver: 'settings.driver',
  port: 'settings.port',
  baudRate: 'settings.baudRate',
  serialFormat: 'settings.serialFormat',
  issueMac: 'settings.issueMac',
  query: 'activity.query',
  operator: 'activity.operator',
  from: 'activity.from',
  to: 'activity.to',
};

/**
 * The label staff see for a field path as main names it (`input.roomNo`, `uclbrt.accountSid`,
 * `tuya.lockDeviceIds.0`): the last named segment, in the UI language.
 */
export function fieldLabel(t: TFunction, exists: (key: string) => boolean, path: string): string | undefined {
  const name = path
    .split('.')
    .filter((p) => p && !/^\d+$/.test(p))
    .pop();
  if (!name) return undefined;
  const key = exists(`fields.${name}`) ? `fields.${name}` : ELSEWHERE[name];
  return key ? (t as unknown as (k: string) => string)(key) : undefined;
}
