/**
 * The shared zod schemas speak English; this renders their messages in the chosen language, so an
 * inline error reads the same in Chinese as in English.
 */
const ZH: Record<string, string> = {
  'is required': '必填',
  'is at most 32 characters': '最多 32 个字符',
  'building and floor numbers go together: give both or neither': '楼栋号和楼层号须同时填写或同时留空',
  'must be after the start time': '必须晚于开始时间',
  'an opening limit applies to room cards only': '开门次数限制只适用于房间卡',
  'loss-report cards exist for room cards only': '挂失卡只适用于房间卡',
  'must be the card number printed by the cloud (letters and digits)': '必须是云端给出的卡号（字母和数字）',
  'must be the card serial number read from the encoder': '必须是发卡器读出的卡片序列号',
  'must be letters, digits, _ or -': '只能包含字母、数字、_ 或 -',
  'must be the card id read from the encoder': '必须是发卡器读出的卡片 ID',
  'must be a date and time like 2026-11-23T14:00': '必须是日期和时间，例如 2026-11-23T14:00',
  'is not a real date and time': '不是有效的日期和时间',
  'is at most 20 letters and digits': '最多 20 个字母和数字',
  'must be 12 hex digits without separators, e.g. 7C778A6C7D9C': '必须是 12 位十六进制数字，不带分隔符，例如 7C778A6C7D9C',
  'must be a 4-, 7- or 10-byte UID in hex': '必须是 4、7 或 10 字节的十六进制 UID',
  'must be the 32-letter-and-digit Account SID': '必须是 32 位字母数字组成的 Account SID',
  'must be the community number (digits)': '必须是社区编号（数字）',
  'must be an IANA time zone such as Asia/Shanghai': '必须是 IANA 时区，例如 Asia/Shanghai',
  'must be a URL like https://api.uclbrt.com': '必须是网址，例如 https://api.uclbrt.com',
  'must start with http:// or https://': '必须以 http:// 或 https:// 开头',
  'must be a Tuya device id': '必须是涂鸦设备 ID',
  'must be 1 to 4 digits': '必须是 1 到 4 位数字',
  'must be the operator mobile number (digits)': '必须是操作员手机号（数字）',
  'is at most 64 characters': '最多 64 个字符',
  'is at most 128 characters': '最多 128 个字符',
  'is not a known key': '不是已知的配置项',
  'is required for the new address': '新地址需要重新输入',
  'the two entries differ': '两次输入不一致',
  'must not contain ":" (names with it belong to the station’s own actors, such as pms:1)': '不能包含 “:”（带 “:” 的名称属于工作站自身的执行者，例如 pms:1）',
  'must be a whole number of minutes from 1 to 60': '必须是 1 到 60 之间的整数分钟',
  'must not contain a user name or password (user:pass@); the station keeps secrets in their own fields': '不能包含用户名或密码（user:pass@）；密钥请填写在各自的字段中',
  'must start with https:// in live mode (plain http:// only to this computer: localhost, 127.0.0.1, [::1])':
    '正式模式下必须以 https:// 开头（只有本机地址 localhost、127.0.0.1、[::1] 可用 http://）',
};

const PATTERNS: Array<[RegExp, (m: RegExpMatchArray) => string]> = [
  [/^must be (\d+) to (\d+) digits$/, (m) => `必须是 ${m[1]} 到 ${m[2]} 位数字`],
  [/^must be (\d+) digits$/, (m) => `必须是 ${m[1]} 位数字`],
  [/^is required for the (\w+) driver$/, (m) => `使用 ${m[1]} 驱动时必填`],
  [/^must not contain control characters \(found (U\+[0-9A-F]+)\)$/, (m) => `不能包含控制字符（发现 ${m[1]}）`],
  [/^must not contain characters that change the text direction \(found (U\+[0-9A-F]+)\)$/, (m) => `不能包含改变文字方向的字符（发现 ${m[1]}）`],
  [/^must not contain invisible characters \(found (U\+[0-9A-F]+)\)$/, (m) => `不能包含不可见字符（发现 ${m[1]}）`],
  [/^is not a known key; did you mean "(.+)"\?$/, (m) => `不是已知的配置项；是否想写 "${m[1]}"？`],
  [/^is not a known key \(known here: (.+)\)$/, (m) => `不是已知的配置项（此处可用：${m[1]}）`],
];

export function translateValidation(message: string, lang: string): string {
  if (lang !== 'zh-CN') return message;
  const exact = ZH[message];
  if (exact) return exact;
  for (const [re, render] of PATTERNS) {
    const m = message.match(re);
    if (m) return render(m);
  }
  // zod's own generic messages ("Invalid input", "Too big: ...") get a generic Chinese line.
  return '格式无效';
}
