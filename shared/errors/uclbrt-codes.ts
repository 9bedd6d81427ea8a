import { CLOUD_NETWORK_ERRORS } from './cloud-codes';
import type { ErrorCategory, ErrorEntry } from './types';

/**
 * Every status code of UCLBRT's code table (seed 004), as `uclbrt.<n>`. Codes the cloud sends
 * that are not listed here still reach staff with the server's own text (see describeError).
 */

const DEFAULT_ACTION: Record<ErrorCategory, [en: string, zh: string]> = {
  'retry-later': ['Wait a moment; the station will try again by itself.', '请稍候，工作站会自动重试。'],
  'fix-input': ['Correct the information and send it again.', '请更正信息后重新提交。'],
  'check-configuration': [
    'Ask the administrator to check the UCLBRT account settings (Account SID, Auth Token, community).',
    '请管理员检查 UCLBRT 账户设置（Account SID、Auth Token、社区）。',
  ],
  'vendor-data': [
    'Ask the administrator to check this community in the UCLBRT (QR Master) back office, or call UCLBRT support 400-0900843.',
    '请管理员在 UCLBRT（QR Master）后台检查该社区，或致电 UCLBRT 客服 400-0900843。',
  ],
  sms: [
    'The card was not sent by SMS. Give the guest the card another way, or try SMS again later.',
    '短信未发送成功。请用其他方式把房卡交给客人，或稍后再试短信。',
  ],
  'not-supported': [
    'This lock cannot do that. Use another card type or option for this room.',
    '该门锁不支持此操作。请为此房间选择其他卡类型或选项。',
  ],
  hardware: ['Check the card issuer and the card, then try again.', '请检查发卡器和卡片后重试。'],
  internal: ['Try again. If it keeps happening, send the log file to IT.', '请重试。如持续出现，请将日志文件发送给 IT。'],
};

function code<const N extends string>(
  n: N,
  category: ErrorCategory,
  en: string,
  zh: string,
  action?: [en: string, zh: string],
): ErrorEntry & { code: `uclbrt.${N}` } {
  const [actionEn, actionZh] = action ?? DEFAULT_ACTION[category];
  return { code: `uclbrt.${n}`, category, en, zh, actionEn, actionZh };
}

const RETRY_BY_HAND: [string, string] = [
  'Send it again (Retry in the queue). If it fails again, call UCLBRT support 400-0900843.',
  '请重新发送（在队列中点“重试”）。如再次失败，请致电 UCLBRT 客服 400-0900843。',
];
const CHECK_TIMES: [string, string] = ['Check the start and end date and time and send again.', '请检查开始和结束的日期时间后重新提交。'];
const CHECK_ROOM: [string, string] = [
  'Check the building, floor and room numbers against the room list, then send again.',
  '请对照房间列表检查楼栋、楼层和房间号后重新提交。',
];
const CHECK_OPERATOR: [string, string] = [
  'Ask the administrator to check the operator mobile number and password in Settings (the same account as in the issuer app).',
  '请管理员在“设置”中检查操作员手机号和密码（须与发卡 App 账户一致）。',
];
const ISSUER: [string, string] = [
  'Check that the card issuer is connected and the issuer app is signed in, then try again.',
  '请确认发卡器已连接、发卡 App 已登录后重试。',
];

export const UCLBRT_ERRORS = [
  // HTTP-style statuses
  code('400', 'fix-input', 'UCLBRT rejected the request parameters.', 'UCLBRT 拒绝了请求参数。'),
  code(
    '401',
    'check-configuration',
    'UCLBRT could not authenticate the request (time stamp, signature, Account SID or Auth Token).',
    'UCLBRT 请求认证失败（时间戳、签名、Account SID 或 Auth Token）。',
    [
      "Check that this computer's clock is right, then ask the administrator to check the Account SID and Auth Token.",
      '请确认本机时间正确，再请管理员检查 Account SID 和 Auth Token。',
    ],
  ),
  code('403', 'retry-later', 'UCLBRT reported a network error.', 'UCLBRT 报告网络错误。'),
  code('404', 'internal', 'The UCLBRT address asked for does not exist.', '请求的 UCLBRT 地址不存在。', [
    'Ask the administrator to check the UCLBRT server address in Settings.',
    '请管理员在“设置”中检查 UCLBRT 服务器地址。',
  ]),
  code('500', 'retry-later', 'The UCLBRT server had an error.', 'UCLBRT 服务器出错。'),

  // 400x: request format, 401x authorisation
  code('4001', 'fix-input', 'UCLBRT says some parameters are wrong.', 'UCLBRT 提示参数错误。'),
  code('4002', 'fix-input', 'UCLBRT says the parameters or the address are wrong.', 'UCLBRT 提示参数或地址错误。'),
  code('4003', 'internal', 'This UCLBRT function does not exist.', '该 UCLBRT 接口不存在。', [
    'Ask the administrator to check the UCLBRT server address; the station may need an update.',
    '请管理员检查 UCLBRT 服务器地址；工作站可能需要更新。',
  ]),
  code(
    '4004',
    'check-configuration',
    'UCLBRT refused the account credentials (token authorisation failed).',
    'UCLBRT 拒绝了账户凭据（令牌认证失败）。',
    [
      "Check that this computer's clock is right, then ask the administrator to check the Account SID and Auth Token.",
      '请确认本机时间正确，再请管理员检查 Account SID 和 Auth Token。',
    ],
  ),
  code(
    '4005',
    'retry-later',
    'UCLBRT is receiving too many requests from this account right now.',
    '该账户当前请求过于频繁，UCLBRT 已限流。',
    ['Nothing to do: the station waits and sends it again automatically.', '无需操作：工作站会等待后自动重新发送。'],
  ),
  code('4006', 'check-configuration', 'UCLBRT does not know this account (wrong token).', 'UCLBRT 找不到该账户（令牌错误）。'),
  code('4007', 'check-configuration', 'This UCLBRT application has not been verified yet.', '该 UCLBRT 应用尚未通过审核。', [
    'Ask the administrator to finish the application verification with UCLBRT.',
    '请管理员向 UCLBRT 完成应用审核。',
  ]),
  code('4008', 'check-configuration', 'UCLBRT says the request signature is wrong.', 'UCLBRT 提示签名错误。', [
    'Ask the administrator to check the Auth Token (and, for proximity cards, the operator password).',
    '请管理员检查 Auth Token（感应卡还需检查操作员密码）。',
  ]),

  // 500x: data errors
  code('5001', 'vendor-data', 'The community data at UCLBRT has a problem.', 'UCLBRT 社区数据异常。'),
  code('5002', 'vendor-data', 'This community has been disabled at UCLBRT.', '该社区已在 UCLBRT 被停用。'),
  code('5003', 'vendor-data', 'This community has not been authenticated at UCLBRT yet.', '该社区尚未在 UCLBRT 认证。'),
  code('5004', 'check-configuration', 'This account has no permission for that.', '该账户无此权限。', [
    'Ask the administrator to grant this account the permission (issuing rights in member management).',
    '请管理员为该账户开通相应权限（成员管理中的发卡权限）。',
  ]),
  code('5005', 'fix-input', 'UCLBRT cannot find that building number.', 'UCLBRT 找不到该楼栋号。', CHECK_ROOM),
  code('5006', 'fix-input', 'UCLBRT cannot find that floor number.', 'UCLBRT 找不到该楼层号。', CHECK_ROOM),
  code('5007', 'fix-input', 'UCLBRT cannot find that room number.', 'UCLBRT 找不到该房间号。', CHECK_ROOM),
  code('5008', 'vendor-data', 'UCLBRT has no door lock data for this room.', 'UCLBRT 没有该房间的门锁数据。'),
  code('5009', 'vendor-data', 'The community agent has not been set at UCLBRT.', 'UCLBRT 未设置社区代理商。'),
  code('5010', 'vendor-data', 'The brand number has not been set at UCLBRT.', 'UCLBRT 未设置品牌编号。'),
  code('5011', 'vendor-data', 'The community type has not been set at UCLBRT.', 'UCLBRT 未设置社区类型标识。'),
  code('5012', 'vendor-data', 'UCLBRT failed to set the batch number.', 'UCLBRT 设置批次号失败。'),
  code('5013', 'vendor-data', 'The community lock secret key has not been set at UCLBRT.', 'UCLBRT 未设置社区门锁密钥。'),
  code('5014', 'retry-later', 'UCLBRT failed to produce the QR code.', 'UCLBRT 生成二维码失败。', RETRY_BY_HAND),
  code('5015', 'vendor-data', 'UCLBRT reported a data error.', 'UCLBRT 报告数据错误。'),
  code('5016', 'fix-input', 'UCLBRT says the card is not valid.', 'UCLBRT 提示房卡无效。', [
    'Check the card number, or issue a new card.',
    '请检查房卡编号，或重新发卡。',
  ]),
  code('5017', 'fix-input', 'The card number does not match the user.', '房卡编号与用户不匹配。', [
    "Check the card number and the guest's mobile number.",
    '请检查房卡编号和客人手机号。',
  ]),
  code('5050', 'fix-input', 'UCLBRT says the room number format is wrong.', 'UCLBRT 提示房间号格式错误。', CHECK_ROOM),
  code('5100', 'fix-input', 'The start or end time is not correct.', '开始或结束时间不正确。', CHECK_TIMES),
  code('5101', 'fix-input', 'The start time format is wrong.', '开始时间格式错误。', CHECK_TIMES),
  code('5102', 'fix-input', 'The end time format is wrong.', '结束时间格式错误。', CHECK_TIMES),
  code('5103', 'fix-input', 'The mobile number format is wrong.', '手机号格式错误。', [
    "Check the guest's mobile number and country code.",
    '请检查客人手机号和国家区号。',
  ]),
  code('5104', 'check-configuration', 'The community number is wrong.', '社区编号错误。', [
    'Ask the administrator to check the community number in Settings.',
    '请管理员在“设置”中检查社区编号。',
  ]),
  code('5105', 'fix-input', 'The building number is wrong.', '楼栋号错误。', CHECK_ROOM),
  code('5106', 'fix-input', 'The floor number is wrong.', '楼层号错误。', CHECK_ROOM),
  code(
    '5107',
    'fix-input',
    "The end time is later than the account's service period allows (a trial account only allows today).",
    '结束时间超出账户服务期（试用账户只能当天）。',
    [
      'Choose an earlier end time, or ask the administrator to renew the UCLBRT service.',
      '请选择更早的结束时间，或请管理员续费 UCLBRT 服务。',
    ],
  ),
  code('5108', 'fix-input', 'The room card number format is wrong.', '房卡编号格式错误。', [
    'Check the card number (letters and digits as the cloud gave it).',
    '请检查房卡编号（云端给出的字母和数字）。',
  ]),
  code('5109', 'internal', 'UCLBRT says the version format is wrong.', 'UCLBRT 提示版本格式错误。'),
  code('5110', 'retry-later', 'UCLBRT failed to cancel the card.', 'UCLBRT 注销房卡失败。', RETRY_BY_HAND),
  code('5111', 'fix-input', 'It is not yet time to obtain this card.', '未到取卡时间。', CHECK_TIMES),
  code('5112', 'fix-input', 'The room card has expired.', '房卡已过期。', ['Issue a new card.', '请重新发卡。']),
  code('5113', 'fix-input', 'The building or floor number is wrong.', '楼栋号或楼层号错误。', CHECK_ROOM),
  code('5114', 'fix-input', 'The country area code is wrong.', '国家区号错误。', [
    'Check the country code of the mobile number.',
    '请检查手机号的国家区号。',
  ]),
  code('5115', 'internal', 'UCLBRT says the interface address is not valid.', 'UCLBRT 提示接口地址无效。', [
    'Ask the administrator to check the UCLBRT server address in Settings.',
    '请管理员在“设置”中检查 UCLBRT 服务器地址。',
  ]),
  code('5116', 'fix-input', 'No UCLBRT user was found for that mobile number.', '未找到该手机号对应的 UCLBRT 用户。', [
    'Check the mobile number; the person must have a QR Master account.',
    '请检查手机号；该用户须已注册 QR Master 账户。',
  ]),
  code('5117', 'fix-input', 'The card type value is not correct.', '卡类型取值不正确。', [
    'Choose room, floor or building card.',
    '请选择房间卡、楼层卡或楼栋卡。',
  ]),
  code('5120', 'retry-later', 'UCLBRT failed to generate the password.', 'UCLBRT 生成密码失败。', RETRY_BY_HAND),
  code('5121', 'fix-input', 'A password for this time period has already been generated.', '该时间段的密码已生成。', [
    'Use the password already generated, or choose another period.',
    '请使用已生成的密码，或选择其他时间段。',
  ]),
  code(
    '5122',
    'fix-input',
    'The time span is too long: a one-time password covers at most 6 hours.',
    '时间间隔过长：一次性密码最长 6 小时。',
    ['Choose a period of 6 hours or less.', '请选择 6 小时以内的时间段。'],
  ),
  code('5201', 'vendor-data', 'UCLBRT cannot find the community.', 'UCLBRT 找不到该社区。', [
    'Ask the administrator to check the community number in Settings.',
    '请管理员在“设置”中检查社区编号。',
  ]),
  code('5202', 'sms', 'The SMS service of this account has not been activated.', '该账户未开通短信服务。'),
  code('5203', 'sms', 'The SMS balance is insufficient.', '短信余额不足。', [
    'Send the card without SMS, and ask the administrator to top up the SMS balance.',
    '请不发短信发卡，并请管理员充值短信余额。',
  ]),
  code('5204', 'sms', 'No SMS template is available.', '没有可用的短信模板。'),
  code(
    '5205',
    'sms',
    'The community name cannot be used in the English SMS template (no Chinese characters allowed).',
    '社区名称不能用于英文短信模板（不能含中文）。',
  ),
  code(
    '5206',
    'sms',
    'The room name cannot be used in the English SMS template (no Chinese characters allowed).',
    '房间名称不能用于英文短信模板（不能含中文）。',
  ),
  code('5207', 'internal', 'UCLBRT says the roomFlag parameter is wrong.', 'UCLBRT 提示 roomFlag 参数错误。'),
  code('5208', 'retry-later', 'UCLBRT failed to create the credentials (bleStr).', 'UCLBRT 生成凭证（bleStr）失败。', RETRY_BY_HAND),
  code('5209', 'check-configuration', 'The card issuer MAC address format is wrong.', '发卡器 MAC 地址格式错误。', [
    'Choose the card issuer from the MAC list in Settings (12 hex digits, no separators).',
    '请在“设置”中从 MAC 列表选择发卡器（12 位十六进制，无分隔符）。',
  ]),
  code('5210', 'fix-input', 'UCLBRT cannot find the room card.', 'UCLBRT 找不到该房卡。', ['Check the card number.', '请检查房卡编号。']),
  code('5211', 'vendor-data', 'The room was not found or Bluetooth is not configured for it.', '找不到房间，或该房间未配置蓝牙。'),
  code('5212', 'fix-input', 'The card holder was not found.', '找不到持卡用户。', [
    "Check the card number and the guest's mobile number.",
    '请检查房卡编号和客人手机号。',
  ]),
  code('5213', 'fix-input', 'Room ID and MAC cannot both be empty.', '房间 ID 和 MAC 不能同时为空。'),
  code('5214', 'fix-input', 'The room ID format is wrong.', '房间 ID 格式错误。'),
  code('5215', 'fix-input', 'The room ID or MAC is not valid.', '房间 ID 或 MAC 无效。'),
  code(
    '5216',
    'fix-input',
    'The loss report failed: the card must have been obtained before it can be reported lost.',
    '挂失失败：须先取卡才能挂失。',
    [
      'Make sure the guest obtained the card first, or report the whole room lost, or issue a loss-report card.',
      '请确认客人已取卡；或挂失整个房间；或发一张挂失卡。',
    ],
  ),
  code('5217', 'not-supported', "This room's lock cannot report a single card lost.", '该房间的门锁不支持单卡挂失。', [
    'Report the whole room lost instead (all its cards), or issue a loss-report card.',
    '请改为挂失整个房间（其全部房卡），或发一张挂失卡。',
  ]),
  code('5300', 'hardware', 'Reading the card failed.', '读卡失败。', ISSUER),
  code('5301', 'fix-input', 'The card has already been cancelled.', '该卡已注销。', [
    'Nothing more to do for this card.',
    '此卡无需再操作。',
  ]),
  code('5302', 'retry-later', 'Cancelling the card failed.', '注销卡失败。', ISSUER),
  code('5303', 'check-configuration', 'The operator mobile number or password is wrong.', '操作员手机号或密码错误。', CHECK_OPERATOR),
  code('5304', 'check-configuration', 'The operator must sign in to the issuer app first.', '操作员需先登录发卡 App。', ISSUER),
  code('5305', 'retry-later', 'The connection to the card issuer timed out.', '连接发卡器超时。', ISSUER),
  code('5306', 'check-configuration', 'The operator does not belong to this community.', '操作员不属于该社区。', CHECK_OPERATOR),
  code('5307', 'fix-input', 'The card does not exist at UCLBRT.', 'UCLBRT 中不存在该卡。', [
    'Check that the right card is on the encoder.',
    '请确认发卡器上放的是正确的卡。',
  ]),
  code('5308', 'fix-input', 'The card has already been cancelled.', '该卡已注销。', [
    'Nothing more to do for this card.',
    '此卡无需再操作。',
  ]),
  code('5309', 'retry-later', 'Issuing the card failed (signature failed).', '发卡失败（签名失败）。', ISSUER),
  code('5310', 'hardware', 'Connecting to the card issuer failed.', '连接发卡器失败。', ISSUER),
  code('5311', 'hardware', 'The card could not be identified.', '无法识别该卡。', [
    'Put the card flat on the encoder and try again; if it keeps failing, try another card.',
    '请将卡平放在发卡器上重试；如仍失败，请换一张卡。',
  ]),
  code('5312', 'retry-later', 'The connection failed.', '连接失败。', ISSUER),
  code('5313', 'fix-input', 'The owner mobile number and area code cannot be empty.', '持卡人手机号和区号不能为空。', [
    "Enter the guest's mobile number and country code.",
    '请填写客人手机号和国家区号。',
  ]),
  code(
    '5314',
    'fix-input',
    'The owner name is required when the owner mobile number is not registered.',
    '持卡人手机号未注册时必须填写持卡人姓名。',
    ["Enter the guest's name.", '请填写客人姓名。'],
  ),
  code('5315', 'fix-input', 'The owner gender is missing or not valid.', '持卡人性别为空或取值非法。', [
    "Choose the guest's gender.",
    '请选择客人性别。',
  ]),
  code(
    '5316',
    'not-supported',
    'This UCLBRT interface has expired or cannot produce picture room cards.',
    '该 UCLBRT 接口已过期或不支持获取图片房卡。',
    ['Ask the administrator to renew the UCLBRT service or use another card type.', '请管理员续费 UCLBRT 服务，或改用其他卡类型。'],
  ),

  // 600x: SMS and later codes
  code('6000', 'sms', 'Sending the SMS was aborted by a network problem.', '短信发送因网络问题中断。'),
  code('6001', 'sms', 'The SMS contains a forbidden keyword.', '短信包含违禁关键词。'),
  code('6002', 'sms', 'The same SMS was already sent to this number within 30 seconds.', '30 秒内已向该号码发送过相同短信。', [
    'Wait 30 seconds before sending again.',
    '请等待 30 秒后再发送。',
  ]),
  code('6003', 'sms', 'The same SMS was sent to this number 3 times within 5 minutes.', '5 分钟内已向该号码发送 3 次相同短信。', [
    'Wait 5 minutes before sending again.',
    '请等待 5 分钟后再发送。',
  ]),
  code('6004', 'sms', 'Too many SMS were sent to this number within 1 hour.', '1 小时内向该号码发送的短信过多。'),
  code('6005', 'sms', 'Too many SMS were sent to this number within 24 hours.', '24 小时内向该号码发送的短信过多。'),
  code('6006', 'sms', 'SMS cannot be sent to this country or area.', '不支持向该国家或地区发送短信。'),
  code('6107', 'not-supported', 'This lock type cannot be unlocked by Bluetooth.', '该门锁类型不支持蓝牙开锁。'),
  code('6108', 'fix-input', 'No data matches the request.', '没有符合条件的数据。', [
    'Check the card or room information.',
    '请检查房卡或房间信息。',
  ]),
  code('6109', 'check-configuration', 'A trial account can only issue cards valid for the same day.', '试用版只能发当天有效的卡。', [
    'Choose an end time today, or ask the administrator to buy or renew the UCLBRT service.',
    '请选择当天的结束时间，或请管理员购买或续费 UCLBRT 服务。',
  ]),
  code('6110', 'check-configuration', 'The trial account has issued the maximum number of cards.', '试用账户发卡数量已达上限。', [
    'Ask the administrator to buy or renew the UCLBRT service.',
    '请管理员购买或续费 UCLBRT 服务。',
  ]),
  code(
    '6111',
    'check-configuration',
    'A trial account can only issue cards valid for the same day; buy or renew the service.',
    '试用版只能发当天有效的卡，请购买或续费服务。',
    [
      'Choose an end time today, or ask the administrator to buy or renew the UCLBRT service.',
      '请选择当天的结束时间，或请管理员购买或续费 UCLBRT 服务。',
    ],
  ),
  code(
    '6112',
    'fix-input',
    "The card's end time cannot be later than the end time of the interface service.",
    '卡的结束时间不能晚于接口服务的结束时间。',
    [
      'Choose an earlier end time, or ask the administrator to renew the UCLBRT service.',
      '请选择更早的结束时间，或请管理员续费 UCLBRT 服务。',
    ],
  ),
  code('6113', 'check-configuration', 'UCLBRT reports a parameter or permission error.', 'UCLBRT 报告参数或权限错误。'),
  code('6114', 'check-configuration', 'No card issuer MAC is available for this community.', '该社区没有可用的发卡器 MAC。', [
    'Ask the administrator to register the card issuer with UCLBRT and choose it in Settings.',
    '请管理员在 UCLBRT 登记发卡器，并在“设置”中选择它。',
  ]),
  code('6115', 'not-supported', 'This UCLBRT interface cannot cancel room cards.', '当前接口不支持注销房卡。', [
    'Report the card lost instead, or ask the administrator about the UCLBRT service plan.',
    '请改为挂失该卡，或向管理员咨询 UCLBRT 服务套餐。',
  ]),
  code('6116', 'check-configuration', 'The lock type is wrong for this room.', '该房间的门锁类型错误。', [
    "Ask the administrator to check the room's lock type in Settings and in the UCLBRT back office.",
    '请管理员在“设置”和 UCLBRT 后台检查该房间的门锁类型。',
  ]),
  code('6117', 'fix-input', 'The number of openings must be between 1 and 254.', '开门次数须在 1 到 254 之间。', [
    'Enter a number of openings from 1 to 254 (or none for unlimited).',
    '请填写 1 到 254 的开门次数（不填为不限）。',
  ]),
  code(
    '6118',
    'fix-input',
    "The QR code's validity must lie within the period in which the card can be obtained.",
    '二维码有效时间须在可获取二维码的时间段内。',
    CHECK_TIMES,
  ),
  code('6119', 'fix-input', 'The QR code cannot be valid for more than 30 days from now.', '二维码有效结束时间不能超过当前时间起 30 天。', [
    'Choose an end time within 30 days.',
    '请选择 30 天以内的结束时间。',
  ]),
  code('6120', 'fix-input', 'The QR code validity end time format is wrong.', '二维码有效结束时间格式错误。', CHECK_TIMES),

  // Station-side codes for the UCLBRT half (not sent by the cloud)
  code('unknown', 'vendor-data', 'UCLBRT refused the request: {detail}', 'UCLBRT 拒绝了请求：{detail}'),
  code(
    'not-configured',
    'check-configuration',
    'The UCLBRT account is not set up on this station: {detail}',
    '本工作站未配置 UCLBRT 账户：{detail}',
    [
      'Ask the administrator to enter the UCLBRT Account SID, Auth Token and community in Settings.',
      '请管理员在“设置”中填写 UCLBRT 的 Account SID、Auth Token 和社区。',
    ],
  ),
  // Registered here because the catalogue index lists one file per area.
  ...CLOUD_NETWORK_ERRORS,
] as const satisfies readonly ErrorEntry[];
