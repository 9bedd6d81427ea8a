import type { ErrorCategory, ErrorEntry } from './types';

/** The Tuya numeric codes of this catalogue (Tuya's documented global error codes). */
export const TUYA_GLOBAL_CODES = [
  500, 1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008, 1010, 1011, 1012, 1013, 1100, 1101, 1102, 1103, 1104, 1105, 1106, 1107, 1108,
  1109, 1110, 1111, 1112, 1113, 1199, 1400, 2001, 2002, 2003, 2004, 2005, 2006, 2007, 2008, 2009, 2010,
] as const;

export function tuyaErrorCode<const N extends number | string>(vendorCode: N): `tuya.${N}` {
  return `tuya.${vendorCode}`;
}

function row<const N extends number | string>(
  n: N,
  category: ErrorCategory,
  en: string,
  zh: string,
  actionEn: string,
  actionZh: string,
): ErrorEntry & { code: `tuya.${N}` } {
  return { code: tuyaErrorCode(n), category, en, zh, actionEn, actionZh };
}

const RETRY_EN = 'Wait a minute; the station sends it again by itself. If it keeps failing, contact IT.';
const RETRY_ZH = '请稍候，工作站会自动重新发送。如持续失败，请联系 IT。';
const CONFIG_EN = 'Ask IT to check the Tuya settings of this station (client ID, secret, project, data centre).';
const CONFIG_ZH = '请 IT 检查本工作站的涂鸦设置（client ID、密钥、项目、数据中心）。';
const INTERNAL_EN = 'Try again. If it happens again, send the log file to IT.';
const INTERNAL_ZH = '请重试。如再次出现，请将日志文件发送给 IT。';

/**
 * Tuya OpenAPI global error codes (developer.tuya.com "Global Error Codes"), plus the station's own
 * Tuya outcomes. Codes are `tuya.<n>`; unknown codes still show the server's own text.
 */
export const TUYA_ERRORS = [
  row(500, 'retry-later', 'The Tuya cloud had a system error.', '涂鸦云系统错误。', RETRY_EN, RETRY_ZH),
  row(
    1000,
    'vendor-data',
    'The Tuya cloud does not know this card, lock or project (data does not exist).',
    '涂鸦云中不存在该卡、门锁或项目（数据不存在）。',
    'Check that the card was issued to this lock and has not been deleted; ask IT to check the lock is in the Tuya project.',
    '请确认该卡已发到此门锁且未被删除；请 IT 确认门锁属于该涂鸦项目。',
  ),
  row(1001, 'check-configuration', 'The Tuya secret is not valid.', '涂鸦密钥（secret）无效。', CONFIG_EN, CONFIG_ZH),
  row(1002, 'internal', 'The request to Tuya had no access token.', '发往涂鸦的请求缺少访问令牌。', INTERNAL_EN, INTERNAL_ZH),
  row(
    1003,
    'internal',
    'Tuya refused the token request (grant type not valid).',
    '涂鸦拒绝了令牌请求（授权类型无效）。',
    INTERNAL_EN,
    INTERNAL_ZH,
  ),
  row(
    1004,
    'check-configuration',
    'Tuya refused the signature of the request (sign invalid).',
    '涂鸦拒绝了请求签名（签名无效）。',
    'Ask IT to check the Tuya client ID and secret of this station.',
    '请 IT 检查本工作站的涂鸦 client ID 与密钥。',
  ),
  row(1005, 'check-configuration', 'The Tuya client ID is not valid.', '涂鸦 client ID 无效。', CONFIG_EN, CONFIG_ZH),
  row(1006, 'internal', 'Tuya does not accept the content type of the request.', '涂鸦不支持该请求的内容类型。', INTERNAL_EN, INTERNAL_ZH),
  row(
    1007,
    'check-configuration',
    'Tuya does not accept this key; a cloud project key is needed.',
    '涂鸦不支持该密钥，需要使用云项目密钥。',
    CONFIG_EN,
    CONFIG_ZH,
  ),
  row(1008, 'check-configuration', 'Tuya refused the access ID (invalid access).', '涂鸦拒绝了访问 ID（访问无效）。', CONFIG_EN, CONFIG_ZH),
  row(1010, 'retry-later', 'The Tuya access token has expired.', '涂鸦访问令牌已过期。', RETRY_EN, RETRY_ZH),
  row(1011, 'retry-later', 'The Tuya access token is not valid.', '涂鸦访问令牌无效。', RETRY_EN, RETRY_ZH),
  row(1012, 'retry-later', 'The Tuya access token is in an invalid state.', '涂鸦访问令牌状态无效。', RETRY_EN, RETRY_ZH),
  row(
    1013,
    'check-configuration',
    'Tuya refused the request time: the clock of this computer is probably wrong.',
    '涂鸦拒绝了请求时间：本机时钟可能不准确。',
    'Set the date, time and time zone of this computer correctly (automatic time), then try again.',
    '请正确设置本机的日期、时间和时区（建议自动校时）后重试。',
  ),
  row(
    1100,
    'fix-input',
    'Tuya says a required value is empty.',
    '涂鸦提示必填参数为空。',
    'Check the card, lock and validity you entered, then try again.',
    '请检查所填的卡、门锁和有效期后重试。',
  ),
  row(
    1101,
    'fix-input',
    'Tuya says a value is out of range (for example the validity period).',
    '涂鸦提示参数超出范围（例如有效期）。',
    'Check the start and end times: the end must be after the start and not too far ahead.',
    '请检查开始和结束时间：结束须晚于开始，且不能过远。',
  ),
  row(
    1102,
    'fix-input',
    'Tuya says a required value is missing.',
    '涂鸦提示缺少必填参数。',
    'Check the card, lock and validity you entered, then try again.',
    '请检查所填的卡、门锁和有效期后重试。',
  ),
  row(
    1103,
    'retry-later',
    'Tuya could not send the command to the lock.',
    '涂鸦未能向门锁下发指令。',
    'Check that the lock and its gateway are powered and online, then try again.',
    '请确认门锁及其网关已通电并在线后重试。',
  ),
  row(
    1104,
    'fix-input',
    'Tuya says a value has the wrong type.',
    '涂鸦提示参数类型错误。',
    'Check the values you entered, then try again.',
    '请检查所填内容后重试。',
  ),
  row(1105, 'internal', 'The request to Tuya was missing a header.', '发往涂鸦的请求缺少请求头。', INTERNAL_EN, INTERNAL_ZH),
  row(
    1106,
    'check-configuration',
    'Tuya denied permission: this lock or this card API is not authorised for the project.',
    '涂鸦拒绝访问：该门锁或发卡接口未授权给此项目。',
    'Ask IT to check that the lock belongs to the Tuya project and that the project may use the door lock card APIs.',
    '请 IT 确认门锁属于该涂鸦项目，且项目已开通门锁卡片接口。',
  ),
  row(1107, 'check-configuration', 'Tuya refused the authorisation code.', '涂鸦拒绝了授权码。', CONFIG_EN, CONFIG_ZH),
  row(
    1108,
    'check-configuration',
    'Tuya does not know this API address (uri path invalid).',
    '涂鸦不识别该接口地址（URI 无效）。',
    'Ask IT to check the Tuya data centre address in the settings.',
    '请 IT 检查设置中的涂鸦数据中心地址。',
  ),
  row(
    1109,
    'fix-input',
    'Tuya says a value is not valid.',
    '涂鸦提示参数不合法。',
    'Check the card, lock and validity you entered, then try again.',
    '请检查所填的卡、门锁和有效期后重试。',
  ),
  row(1110, 'retry-later', 'Too many requests to Tuya at the same time.', '同时发往涂鸦的请求过多。', RETRY_EN, RETRY_ZH),
  row(1111, 'retry-later', 'The Tuya cloud is busy.', '涂鸦云繁忙。', RETRY_EN, RETRY_ZH),
  row(1112, 'retry-later', 'Tuya is still synchronising this account.', '涂鸦正在后台同步该账户。', RETRY_EN, RETRY_ZH),
  row(
    1113,
    'retry-later',
    'Tuya refused to repeat the same operation so soon (or the trial project is over its limit).',
    '涂鸦拒绝短时间内重复操作（或试用项目已超出限制）。',
    'Wait a minute before trying again. If it persists, ask IT to check the Tuya project plan.',
    '请稍候一分钟再试。如持续出现，请 IT 检查涂鸦项目套餐。',
  ),
  row(1199, 'retry-later', 'Too many requests to Tuya; it asks to slow down.', '发往涂鸦的请求过于频繁。', RETRY_EN, RETRY_ZH),
  row(1400, 'retry-later', 'The Tuya access token is no longer valid.', '涂鸦访问令牌已失效。', RETRY_EN, RETRY_ZH),
  row(
    2001,
    'retry-later',
    'The lock is offline.',
    '门锁已离线。',
    'Check that the lock and its gateway are powered and connected; the station sends it again when the lock is back.',
    '请检查门锁及网关的电源和网络；门锁恢复后工作站会重新发送。',
  ),
  row(2002, 'check-configuration', 'The Tuya account has no devices.', '涂鸦账户下没有设备。', CONFIG_EN, CONFIG_ZH),
  row(
    2003,
    'not-supported',
    'This lock does not support the function.',
    '该门锁不支持此功能。',
    'Use another way for this room (for example a new card), or ask IT.',
    '请为此房间改用其他方式（例如重新制卡），或联系 IT。',
  ),
  row(
    2004,
    'not-supported',
    'Tuya does not support this lock type.',
    '涂鸦不支持该门锁类型。',
    'Ask IT which locks support card issuing.',
    '请向 IT 确认哪些门锁支持发卡。',
  ),
  row(
    2005,
    'vendor-data',
    'Tuya does not know the product of this lock.',
    '涂鸦中不存在该门锁的产品。',
    'Ask IT to check the lock in the Tuya project.',
    '请 IT 在涂鸦项目中检查该门锁。',
  ),
  row(
    2006,
    'vendor-data',
    'Tuya does not know this user.',
    '涂鸦中不存在该用户。',
    'Ask IT to check the Tuya project.',
    '请 IT 检查涂鸦项目。',
  ),
  row(
    2007,
    'hardware',
    'The lock must be paired again (device token expired).',
    '门锁需要重新配网（设备令牌已过期）。',
    'Ask IT or the lock installer to pair the lock again.',
    '请联系 IT 或门锁安装人员重新为门锁配网。',
  ),
  row(
    2008,
    'not-supported',
    'This lock does not support the command or value.',
    '该门锁不支持此指令或取值。',
    'Use another way for this room, or ask IT which operations this lock supports.',
    '请为此房间改用其他方式，或向 IT 确认该门锁支持的操作。',
  ),
  row(
    2009,
    'not-supported',
    'Tuya does not support this device.',
    '涂鸦不支持此设备。',
    'Ask IT which locks support card issuing.',
    '请向 IT 确认哪些门锁支持发卡。',
  ),
  row(
    2010,
    'check-configuration',
    'Tuya does not know this lock (device does not exist).',
    '涂鸦中不存在该门锁（设备不存在）。',
    'Check the lock chosen for this room; ask IT to check the lock device IDs in the settings.',
    '请检查此房间所选的门锁；请 IT 核对设置中的门锁设备 ID。',
  ),
  {
    code: 'tuya.operate-failed',
    category: 'hardware',
    en: 'Tuya accepted the request but the lock did not carry it out.',
    zh: '涂鸦已受理请求，但门锁未执行。',
    actionEn: 'Check that the lock and its gateway are online, then try again.',
    actionZh: '请确认门锁及其网关在线后重试。',
  },
] as const satisfies readonly ErrorEntry[];
