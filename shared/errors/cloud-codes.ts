import type { ErrorEntry } from './types';

/**
 * Failures of the way to a cloud rather than of the cloud's answer; the same for UCLBRT and Tuya
 * (`{provider}` is the cloud's name). Registered with the catalogue through UCLBRT_ERRORS.
 */
export const CLOUD_NETWORK_ERRORS: readonly ErrorEntry[] = [
  {
    code: 'cloud.unreachable',
    category: 'retry-later',
    en: 'The {provider} cloud cannot be reached ({detail}). Nothing was sent.',
    zh: '无法连接 {provider} 云（{detail}）。请求尚未发出。',
    actionEn: 'Check the internet connection. The station keeps the operation and sends it when the cloud answers.',
    actionZh: '请检查网络连接。工作站会保留该操作，并在云端恢复后自动发送。',
  },
  {
    code: 'cloud.server-error',
    category: 'retry-later',
    en: 'The {provider} cloud had a server error (HTTP {httpStatus}).',
    zh: '{provider} 云服务器出错（HTTP {httpStatus}）。',
    actionEn: 'Nothing to do: the station sends it again later by itself.',
    actionZh: '无需操作：工作站稍后会自动重新发送。',
  },
  {
    code: 'cloud.no-answer',
    category: 'retry-later',
    en: 'The request reached the {provider} cloud, or may have, but no answer came back ({detail}). It may or may not have been done.',
    zh: '请求已到达或可能已到达 {provider} 云，但没有收到回复（{detail}）。操作可能已完成，也可能未完成。',
    actionEn: 'Look the card up before sending it again, so it is not done twice.',
    actionZh: '再次发送前请先查询该卡状态，以免重复操作。',
  },
  {
    code: 'cloud.bad-answer',
    category: 'retry-later',
    en: 'The {provider} cloud sent an answer the station does not understand ({detail}). The request may have been done.',
    zh: '{provider} 云返回了无法识别的回复（{detail}）。请求可能已完成。',
    actionEn: 'Look the card up before sending it again, so it is not done twice.',
    actionZh: '再次发送前请先查询该卡状态，以免重复操作。',
  },
];
