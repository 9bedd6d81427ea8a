/**
 * The shared zod schemas state each rule as an English phrase that follows the field's name
 * ("is required", "must be 5 to 20 digits"). Staff read a whole sentence in their language that
 * names the field: "Room is required." / "请填写房间。". Every phrase the schemas can raise has its
 * own Chinese sentence (test/ui/i18n.test.ts checks them all); an unknown one still reads as a
 * sentence, never as zod's wording.
 */

/** Chinese sentences by English rule; `{f}` is the field's name. */
const ZH: Record<string, string> = {
  'the two entries differ': '{f}两次输入不一致。',
  'must not contain ":" (names with it belong to the station’s own actors, such as pms:1)':
    '{f}不能包含 “:”（带 “:” 的名称属于工作站自身的执行者，例如 pms:1）。',
  'must be a whole number of minutes from 1 to 60': '{f}必须是 1 到 60 之间的整数分钟。',
  'is required': '请填写{f}。',
  'is not valid': '{f}填写有误，请检查。',
  'must be text': '{f}必须是文字。',
  'must be a number': '{f}必须是数字。',
  'must be a whole number': '{f}必须是整数。',
  'must be yes or no': '{f}只能选择是或否。',
  'must be a list': '{f}必须是一个列表。',
  'must be a group of settings': '{f}必须是一组设置。',
  'must be a date': '{f}必须是日期。',
  'needs at least one entry': '{f}至少要有一项。',
  'building and floor numbers go together: give both or neither': '楼栋号和楼层号须同时填写或同时留空。',
  'is required with a building and floor': '填写了楼栋和楼层时，也必须填写{f}。',
  'must be after the start time': '{f}必须晚于开始时间。',
  'an opening limit applies to room cards only': '开门次数限制只适用于房间卡。',
  'loss-report cards exist for room cards only': '挂失卡只适用于房间卡。',
  'must be the card number printed by the cloud (letters and digits)': '{f}必须是云端给出的卡号（字母和数字）。',
  'must be the card serial number read from the encoder': '{f}必须是发卡器读出的卡片序列号。',
  'must be letters, digits, _ or -': '{f}只能包含字母、数字、_ 或 -。',
  'must be the card id read from the encoder': '{f}必须是发卡器读出的卡片 ID。',
  'must be a date and time like 2026-11-23T14:00': '{f}必须是日期和时间，例如 2026-11-23T14:00。',
  'is not a real date and time': '{f}不是有效的日期和时间。',
  'is at most 20 letters and digits': '{f}最多 20 个字母和数字。',
  'must be 12 hex digits without separators, e.g. 7C778A6C7D9C': '{f}必须是 12 位十六进制数字，不带分隔符，例如 7C778A6C7D9C。',
  'must be a 4-, 7- or 10-byte UID in hex': '{f}必须是 4、7 或 10 字节的十六进制 UID。',
  'must be the 32-letter-and-digit Account SID': '{f}必须是 32 位字母数字组成的 Account SID。',
  'must be the community number (digits)': '{f}必须是社区编号（数字）。',
  'must be an IANA time zone such as Asia/Shanghai': '{f}必须是 IANA 时区，例如 Asia/Shanghai。',
  'must be a URL like https://api.uclbrt.com': '{f}必须是网址，例如 https://api.uclbrt.com。',
  'must start with http:// or https://': '{f}必须以 http:// 或 https:// 开头。',
  'must be a Tuya device id': '{f}必须是涂鸦设备 ID。',
  'must be the operator mobile number (digits)': '{f}必须是操作员手机号（数字）。',
  'must be an MD5 hash: 32 lower-case hex digits': '{f}必须是 MD5 值：32 位小写十六进制数字。',
  'is not a valid mobile number for this area code': '{f}不是该区号下有效的手机号码，请核对区号和号码。',
  'give a card id, serial number or card number': '请提供卡片 ID、序列号或卡号。',
  'is not a known key': '{f}不是已知的配置项。',
  'is required for the new address': '新地址需要重新输入{f}。',
  'must not contain a user name or password (user:pass@); the station keeps secrets in their own fields':
    '{f}不能包含用户名或密码（user:pass@）；密钥请填写在各自的字段中。',
  'must start with https:// in live mode (plain http:// only to this computer: localhost, 127.0.0.1, [::1])':
    '正式模式下{f}必须以 https:// 开头（只有本机地址 localhost、127.0.0.1、[::1] 可用 http://）。',
};

const ZH_PATTERNS: Array<[RegExp, (m: RegExpMatchArray) => string]> = [
  [/^must be (\d+) to (\d+) digits$/, (m) => `{f}必须是 ${m[1]} 到 ${m[2]} 位数字。`],
  [/^must be (\d+) digits$/, (m) => `{f}必须是 ${m[1]} 位数字。`],
  [/^is at most (\d+) characters?$/, (m) => `{f}最多 ${m[1]} 个字符。`],
  [/^is at least (\d+) characters?$/, (m) => `{f}至少 ${m[1]} 个字符。`],
  [/^needs at least (\d+) entr(y|ies)$/, (m) => `{f}至少要有 ${m[1]} 项。`],
  [/^has at most (\d+) entr(y|ies)$/, (m) => `{f}最多 ${m[1]} 项。`],
  [/^must be at least (-?[\d.]+)$/, (m) => `{f}不能小于 ${m[1]}。`],
  [/^must be at most (-?[\d.]+)$/, (m) => `{f}不能大于 ${m[1]}。`],
  [/^must be one of: (.+)$/, (m) => `{f}只能是以下之一：${m[1].split(', ').join('、')}。`],
  [/^is required for the (\w+) driver$/, (m) => `使用 ${m[1]} 驱动时必须填写{f}。`],
  [/^must not contain control characters \(found (U\+[0-9A-F]+)\)$/, (m) => `{f}不能包含控制字符（发现 ${m[1]}）。`],
  [
    /^must not contain characters that change the text direction \(found (U\+[0-9A-F]+)\)$/,
    (m) => `{f}不能包含改变文字方向的字符（发现 ${m[1]}）。`,
  ],
  [/^must not contain invisible characters \(found (U\+[0-9A-F]+)\)$/, (m) => `{f}不能包含不可见字符（发现 ${m[1]}）。`],
  [/^is not a known key; did you mean "(.+)"\?$/, (m) => `{f}不是已知的配置项；是否想写“${m[1]}”？`],
  [/^is not a known key \(known here: (.+)\)$/, (m) => `{f}不是已知的配置项（此处可用：${m[1]}）。`],
];

/** Used when a rule has no Chinese sentence yet: still a sentence, never zod's English. */
const ZH_UNKNOWN = '{f}填写有误，请检查后重试。';

/** The Chinese sentence template for a rule, or undefined when there is none. */
export function zhRule(message: string): string | undefined {
  const exact = ZH[message];
  if (exact) return exact;
  for (const [re, render] of ZH_PATTERNS) {
    const m = message.match(re);
    if (m) return render(m);
  }
  return undefined;
}

/** A rule phrase that continues the field's name ("Room is required"), rather than a clause of its own. */
const PREDICATE = /^(is|must|has|needs|should|can|cannot)\b/;

function englishSentence(message: string, field: string | undefined): string {
  const clause = PREDICATE.test(message) ? `${field ?? 'This field'} ${message}` : message;
  const capital = clause.charAt(0).toUpperCase() + clause.slice(1);
  return /[.?!]$/.test(capital) ? capital : `${capital}.`;
}

/**
 * One field error as staff read it: a sentence in the UI language naming the field.
 * `field` is the field's label as shown on screen (omitted: "This field" / "此项").
 */
export function fieldErrorSentence(message: string, lang: string, field?: string): string {
  if (lang !== 'zh-CN') return englishSentence(message, field);
  return (zhRule(message) ?? ZH_UNKNOWN).replace('{f}', field ?? '此项');
}
