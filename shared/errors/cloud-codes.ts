import type { ErrorEntry } from './types';

/**
 * Failures of the way to a cloud rather than of the cloud's answer; the same for UCLBRT and Tuya
 * (`{provider}` is the cloud's name). Registered with the catalogue through UCLBRT_ERRORS.
 */
export const CLOUD_NETWORK_ERRORS = [
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
    en: 'The {provider} cloud answered with a server error (HTTP {httpStatus}); it may or may not have carried out the request.',
    zh: '{provider} 云返回服务器错误（HTTP {httpStatus}）；请求可能已执行，也可能未执行。',
    actionEn:
      'A change that is safe to repeat is sent again by itself. A new card is not: check whether it was issued (look up the room), then send it again or discard it.',
    actionZh: '可安全重复的变更会自动重新发送；新发卡不会：请先查询房间确认是否已发卡，再重新发送或放弃。',
  },
  {
    code: 'cloud.busy',
    category: 'retry-later',
    en: 'The {provider} cloud is busy (HTTP {httpStatus}) and asked to come back later; nothing was done.',
    zh: '{provider} 云繁忙（HTTP {httpStatus}），要求稍后再试；请求未被执行。',
    actionEn: 'Nothing to do: the station sends it again by itself when the cloud asked.',
    actionZh: '无需操作：工作站会在云端要求的时间后自动重新发送。',
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
] as const satisfies readonly ErrorEntry[];
