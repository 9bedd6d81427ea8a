import type { ErrorEntry } from './types';

/**
 * Errors of the PMS interfaces (FIAS over TCP, the HTTP key API). The texts are what the PMS shows
 * its user (FIAS `CT`, HTTP `responseText`) and what the station's status and activity log say.
 * Which outcome (and so which FIAS `AS` / HTTP `responseCode`) each one is: electron/services/pms/outcomes.ts.
 */
export const PMS_ERRORS = [
  {
    code: 'pms.encoder-not-responding',
    category: 'hardware',
    en: 'The encoder at this Card Station is not responding: {detail}',
    zh: '此 Card Station 的发卡器没有响应：{detail}',
    actionEn: 'Check that the encoder is plugged in and shows Ready on the Card Station, then make the key again.',
    actionZh: '请确认发卡器已插好并在 Card Station 上显示“就绪”，然后重新制卡。',
  },
  {
    code: 'pms.encoder-not-here',
    category: 'check-configuration',
    en: 'Encoder {encoder} is not connected to this Card Station; its encoder is {own}.',
    zh: '编码器 {encoder} 未连接到此 Card Station；本机的编码器是 {own}。',
    actionEn:
      'Choose encoder {own} in the PMS, or set the encoder id the PMS uses in the station configuration (pms.fias.encoderId, pms.http.encoderId).',
    actionZh: '请在 PMS 中选择编码器 {own}，或在工作站配置中设置 PMS 使用的编码器编号（pms.fias.encoderId、pms.http.encoderId）。',
  },
  {
    code: 'pms.encoder-busy',
    category: 'retry-later',
    en: 'Encoder {encoder} is busy with {ahead} earlier key request(s) and could not start this one in time.',
    zh: '编码器 {encoder} 正在处理之前的 {ahead} 个制卡请求，未能及时开始本次请求。',
    actionEn: 'Wait until the earlier keys are made, then make this key again. Nothing was made for this request.',
    actionZh: '请等待之前的房卡完成后重新制卡。本次请求未制作任何房卡。',
  },
  {
    code: 'pms.no-card',
    category: 'fix-input',
    en: 'There is no card on the encoder.',
    zh: '发卡器上没有卡。',
    actionEn: 'Place the card on the encoder and ask again.',
    actionZh: '请将卡片放在发卡器上后再次请求。',
  },
  {
    code: 'pms.card-timeout',
    category: 'fix-input',
    en: 'No card was placed on the encoder within {seconds} seconds (key {n} of {total} for room {room}).',
    zh: '{seconds} 秒内没有在发卡器上放卡（房间 {room} 的第 {n} 张，共 {total} 张）。',
    actionEn:
      "Place a card on the encoder when the station asks for it, then make the keys again. No key was made for this request, and the room's earlier keys were not touched.",
    actionZh: '请在工作站提示时将卡放在发卡器上，然后重新制卡。本次请求未制作任何房卡，房间原有的房卡也未改动。',
  },
  {
    code: 'pms.card-kind-unsupported',
    category: 'check-configuration',
    en: 'Room {room} has no lock that takes {kind} keys (its locks take: {kinds}).',
    zh: '房间 {room} 没有支持 {kind} 房卡的门锁（其门锁支持：{kinds}）。',
    actionEn:
      'Set the kind of key the PMS makes for this room: the "pms card kind" column of the room import, or pms.cardKind for the whole station.',
    actionZh: '请设置 PMS 为该房间制作的房卡类型：房间导入文件的“pms card kind”列，或整个工作站的 pms.cardKind。',
  },
  {
    code: 'pms.bad-card',
    category: 'fix-input',
    en: 'The card on the encoder cannot be used: {detail}',
    zh: '发卡器上的卡无法使用：{detail}',
    actionEn: 'Take the card away and use another blank or reusable card of this hotel.',
    actionZh: '请取走该卡，改用本酒店的其他空白卡或可重复使用的卡。',
  },
  {
    code: 'pms.other-station',
    category: 'retry-later',
    en: 'Another station or program is using the encoder: {detail}',
    zh: '另一个工作站或程序正在使用发卡器：{detail}',
    actionEn: 'Close the other card program (or the other Card Station on this computer), then make the key again.',
    actionZh: '请关闭其他发卡程序（或本机上的另一个 Card Station），然后重新制卡。',
  },
  {
    code: 'pms.general',
    category: 'internal',
    en: 'The key request could not be carried out: {detail}',
    zh: '无法执行制卡请求：{detail}',
    actionEn: 'Look at the queue and the activity log on the Card Station; make the key at the desk if needed.',
    actionZh: '请查看 Card Station 上的队列和操作日志；必要时在前台直接制卡。',
  },
  {
    code: 'pms.invalid-request',
    category: 'fix-input',
    en: 'The key request is not valid: {detail}',
    zh: '制卡请求无效：{detail}',
    actionEn: 'Check the PMS interface settings (the named field); the request was not carried out.',
    actionZh: '请检查 PMS 接口设置（所指出的字段）；该请求未执行。',
  },
  {
    code: 'pms.mobile-required',
    category: 'fix-input',
    en: "A QR key needs the guest's mobile number, and the request for room {room} has none.",
    zh: '二维码房卡需要客人的手机号，但房间 {room} 的请求中没有。',
    actionEn:
      'Enter the mobile number in the PMS profile. FIAS: set pms.fias.mobileField to the field the PMS sends it in; HTTP: send "mobile".',
    actionZh: '请在 PMS 客人资料中填写手机号。FIAS：将 pms.fias.mobileField 设为 PMS 发送手机号的字段；HTTP：发送 "mobile"。',
  },
  {
    code: 'pms.no-stay',
    category: 'fix-input',
    en: 'Room {room} has no active key on this station: there is no stay to {what}.',
    zh: '房间 {room} 在此工作站没有有效房卡：没有可{whatZh}的入住。',
    actionEn: 'Make a new key for the room instead.',
    actionZh: '请改为为该房间制作新房卡。',
  },
  {
    code: 'pms.uncertain',
    category: 'retry-later',
    en: 'It is not certain whether the lock cloud made the key for room {room}: its answer was lost.',
    zh: '无法确定门锁云是否已为房间 {room} 制卡：其应答丢失。',
    actionEn: 'Do not make the key again yet: a supervisor settles it in the Card Station queue first.',
    actionZh: '请暂不重新制卡：先由主管在 Card Station 队列中处理。',
  },
  {
    code: 'pms.unauthorized',
    category: 'check-configuration',
    en: 'The key request was refused: the token is missing or wrong.',
    zh: '制卡请求被拒绝：令牌缺失或错误。',
    actionEn: "Configure the PMS interface with the bearer token from this station's configuration (Authorization: Bearer TOKEN).",
    actionZh: '请在 PMS 接口中配置本工作站配置里的令牌（Authorization: Bearer 令牌）。',
  },
  {
    code: 'pms.http-token-required',
    category: 'check-configuration',
    en: 'The PMS key API is set to listen on {host}, which other computers can reach, but no token is set; it does not start.',
    zh: 'PMS 制卡接口设置为监听 {host}（其他电脑可访问），但未设置令牌，因此不会启动。',
    actionEn: 'Set STATION_PMS_HTTP_TOKEN (or pms.http.token in the configuration file, at least 16 characters), or listen on 127.0.0.1.',
    actionZh: '请设置 STATION_PMS_HTTP_TOKEN（或配置文件中的 pms.http.token，至少 16 个字符），或改为监听 127.0.0.1。',
  },
  {
    code: 'pms.listen-failed',
    category: 'check-configuration',
    en: 'The PMS {interface} interface could not listen on {host} port {port}: {detail}',
    zh: 'PMS {interface} 接口无法在 {host} 端口 {port} 上监听：{detail}',
    actionEn: 'Another program (or another Card Station) may be using the port: stop it, or choose another port in the configuration.',
    actionZh: '可能有其他程序（或另一个 Card Station）占用该端口：请停止它，或在配置中选择其他端口。',
  },
  {
    code: 'pms.not-configured',
    category: 'check-configuration',
    en: 'No PMS interface is configured on this station.',
    zh: '此工作站未配置 PMS 接口。',
    actionEn: 'Add "pms": {"fias": {...}} and/or "pms": {"http": {...}} to the station configuration (see the README).',
    actionZh: '请在工作站配置中添加 "pms": {"fias": {...}} 和/或 "pms": {"http": {...}}（见 README）。',
  },
] as const satisfies readonly ErrorEntry[];

/** A text the PMS or the desk reads that is not an error: what was done, what is queued, what to do now. */
export interface PmsText {
  code: string;
  en: string;
  zh: string;
}

export const PMS_TEXTS: readonly PmsText[] = [
  { code: 'pms.done.keys', en: '{count} key(s) for room {room} made.', zh: '已为房间 {room} 制作 {count} 张房卡。' },
  {
    code: 'pms.done.keys-replaced',
    en: "{count} key(s) for room {room} made; the previous guest's {revoked} key(s) were revoked first.",
    zh: '已为房间 {room} 制作 {count} 张房卡；上一位客人的 {revoked} 张房卡已先行注销。',
  },
  { code: 'pms.done.checkout', en: 'Room {room} checked out: {count} key(s) revoked.', zh: '房间 {room} 已退房：已注销 {count} 张房卡。' },
  {
    code: 'pms.done.checkout-none',
    en: 'Room {room} has no active key on this station: nothing to revoke.',
    zh: '房间 {room} 在此工作站没有有效房卡：无需注销。',
  },
  {
    code: 'pms.done.extend',
    en: 'Stay in room {room} changed to end {end}: {count} key(s) changed.',
    zh: '房间 {room} 的入住已改为 {end} 结束：已修改 {count} 张房卡。',
  },
  {
    code: 'pms.done.extend-same',
    en: 'The stay in room {room} already ends at {end}: nothing to change.',
    zh: '房间 {room} 的入住结束时间已是 {end}：无需修改。',
  },
  {
    code: 'pms.done.read',
    en: 'Card {serial}: room {room}, valid until {end}, {status}.',
    zh: '卡 {serial}：房间 {room}，有效期至 {end}，{statusZh}。',
  },
  { code: 'pms.done.read-unknown', en: 'Card {serial} is not a key this station has made.', zh: '卡 {serial} 不是此工作站制作的房卡。' },
  {
    code: 'pms.queued.offline',
    en: 'Queued, not yet working: the lock cloud cannot be reached now; {count} key(s) for room {room} will be sent when it answers. Until then they do not open the door.',
    zh: '已排队，尚未生效：目前无法连接门锁云；房间 {room} 的 {count} 张房卡将在其恢复后发送。在此之前房卡不能开门。',
  },
  {
    code: 'pms.queued.offline-replace',
    en: "Queued, not yet working: the lock cloud cannot be reached now; {count} new key(s) for room {room} will be sent when it answers, after the previous guest's {revoked} key(s) are revoked. Until then the new keys do not open the door and the previous guest's still do.",
    zh: '已排队，尚未生效：目前无法连接门锁云；房间 {room} 的 {count} 张新房卡将在其恢复后、上一位客人的 {revoked} 张房卡注销之后发送。在此之前新房卡不能开门，上一位客人的房卡仍可开门。',
  },
  {
    code: 'pms.queued.offline-checkout',
    en: 'Queued, not yet done: the lock cloud cannot be reached now; {count} key(s) of room {room} will be revoked when it answers. Until then they still open the door.',
    zh: '已排队，尚未完成：目前无法连接门锁云；房间 {room} 的 {count} 张房卡将在其恢复后注销。在此之前这些房卡仍可开门。',
  },
  {
    code: 'pms.queued.offline-extend',
    en: 'Queued, not yet working: the lock cloud cannot be reached now; the new end {end} for room {room} will be sent when it answers. Until then the keys keep their old end.',
    zh: '已排队，尚未生效：目前无法连接门锁云；房间 {room} 的新结束时间 {end} 将在其恢复后发送。在此之前房卡仍按原结束时间有效。',
  },
  {
    code: 'pms.queued.waiting',
    en: 'Queued, not yet working: the key(s) for room {room} wait behind earlier work for the room and will be sent after it.',
    zh: '已排队，尚未生效：房间 {room} 的房卡在该房间之前的操作之后发送。',
  },
  {
    code: 'pms.queued.in-progress',
    en: 'Still in progress after {seconds} seconds: the key(s) for room {room} are being sent to the lock cloud; the Card Station queue shows when they work.',
    zh: '{seconds} 秒后仍在进行：房间 {room} 的房卡正在发送到门锁云；Card Station 队列会显示何时生效。',
  },
  {
    code: 'pms.queued.blocked',
    en: 'Queued, not yet working: the key(s) for room {room} wait behind earlier work for the room that failed or whose outcome is uncertain; a supervisor must settle it in the Card Station queue first.',
    zh: '已排队，尚未生效：房间 {room} 的房卡在该房间之前失败或结果不确定的操作之后；须先由主管在 Card Station 队列中处理。',
  },
  {
    code: 'pms.progress.place-card',
    en: 'PMS: {total} key(s) for room {room} — place card {n} of {total}',
    zh: 'PMS：房间 {room} 共 {total} 张房卡 — 请放第 {n} 张卡（共 {total} 张）',
  },
  {
    code: 'pms.progress.sending',
    en: 'PMS: {total} key(s) for room {room} — sending to the lock cloud',
    zh: 'PMS：房间 {room} 共 {total} 张房卡 — 正在发送到门锁云',
  },
];

export const PMS_TEXT_CATALOGUE: ReadonlyMap<string, PmsText> = new Map(PMS_TEXTS.map((t) => [t.code, t]));
