import type { ErrorEntry } from './types';

/** What a queued operation can wait behind: a room, a Tuya lock (it stands for its room), or a card. */
const LINE_TARGETS = {
  room: { en: 'room {target}', zh: '房间 {target}', enCap: 'Room {target}' },
  lock: { en: 'the Tuya lock {target}', zh: '涂鸦门锁 {target}', enCap: 'The Tuya lock {target}' },
  card: { en: 'card {target}', zh: '卡 {target}', enCap: 'Card {target}' },
} as const;

/** `outbox.waiting.*` (an earlier operation is on its way) and `outbox.blocked-*` (one needs a decision). */
type LineTarget = keyof typeof LINE_TARGETS;
type LineCode = 'outbox.waiting.room-loss' | `outbox.${'waiting' | 'blocked-failed' | 'blocked-uncertain'}.${LineTarget}`;

function lineEntries(): (ErrorEntry & { code: LineCode })[] {
  const entries: (ErrorEntry & { code: LineCode })[] = [
    {
      code: 'outbox.waiting.room-loss',
      category: 'retry-later',
      en: 'Waiting for the loss report of room {target} to reach the cloud; this operation is sent right after it.',
      zh: '正在等待房间 {target} 的挂失送达云端；送达后立即发送此操作。',
      actionEn:
        'Nothing to do: it goes out by itself once the cloud has the loss report, so the new card is not reported lost with the old ones.',
      actionZh: '无需操作：云端收到挂失后会自动发送，新卡不会随旧卡一起被挂失。',
    },
  ];
  for (const type of Object.keys(LINE_TARGETS) as LineTarget[]) {
    const t = LINE_TARGETS[type];
    entries.push(
      {
        code: `outbox.waiting.${type}`,
        category: 'retry-later',
        en: `Waiting for an earlier operation on ${t.en} to reach the cloud; this operation is sent right after it.`,
        zh: `正在等待${t.zh}的前一个操作送达云端；送达后立即发送此操作。`,
        actionEn: 'Nothing to do: operations on the same room or card go out in the order they were accepted.',
        actionZh: '无需操作：同一房间或同一张卡的操作按受理顺序发送。',
      },
      {
        code: `outbox.blocked-failed.${type}`,
        category: 'fix-input',
        en: `${t.enCap} has a failed operation waiting for a decision; this operation is not sent until it is retried or discarded.`,
        zh: `${t.zh}有一个失败的操作等待处理；在重试或放弃该操作之前，不会发送此操作。`,
        actionEn:
          'Open the failed operation (here or in Queue), read why it failed, then retry it or discard it; this one follows by itself.',
        actionZh: '请打开该失败操作（在此处或“队列”中），查看失败原因，然后重试或放弃；此操作随后会自动发送。',
      },
      {
        code: `outbox.blocked-uncertain.${type}`,
        category: 'vendor-data',
        en: `${t.enCap} has an operation that may or may not have reached the cloud, waiting for a decision; this operation is not sent until it is sent again or discarded.`,
        zh: `${t.zh}有一个不确定是否已送达云端的操作等待处理；在重新发送或放弃该操作之前，不会发送此操作。`,
        actionEn:
          'Check in the cloud whether that operation was carried out, then send it again or discard it (here or in Queue); this one follows by itself.',
        actionZh: '请先在云端核实该操作是否已执行，再重新发送或放弃（在此处或“队列”中）；此操作随后会自动发送。',
      },
    );
  }
  return entries;
}

/** Errors of the offline outbox, the station database, the card registry and the activity log. */
export const OUTBOX_ERRORS = [
  {
    code: 'outbox.not-found',
    category: 'fix-input',
    en: 'There is no operation {id} on this station.',
    zh: '此工作站上没有操作 {id}。',
    actionEn: 'Check the operation id in the queue list.',
    actionZh: '请在队列列表中核对操作编号。',
  },
  {
    code: 'outbox.not-retryable',
    category: 'fix-input',
    en: 'Operation {id} is {state}, so it cannot be retried.',
    zh: '操作 {id} 当前为“{state}”，不能重试。',
    actionEn: 'Only failed, uncertain or waiting operations can be retried.',
    actionZh: '只有失败、结果不确定或等待中的操作可以重试。',
  },
  {
    code: 'outbox.not-discardable',
    category: 'fix-input',
    en: 'Operation {id} is {state}, so it cannot be discarded.',
    zh: '操作 {id} 当前为“{state}”，不能放弃。',
    actionEn: 'Only failed, uncertain or waiting operations can be discarded; one being sent must finish first.',
    actionZh: '只有失败、结果不确定或等待中的操作可以放弃；正在发送的操作须等其完成。',
  },
  {
    code: 'outbox.not-resendable',
    category: 'fix-input',
    en: 'Operation {id} is {state}; only a failed or uncertain operation can be corrected and sent again.',
    zh: '操作 {id} 当前为“{state}”；只有失败或结果不确定的操作可以修改后重新发送。',
    actionEn: 'Pick a failed or uncertain operation from the queue.',
    actionZh: '请从队列中选择失败或结果不确定的操作。',
  },
  {
    code: 'outbox.resend-kind',
    category: 'fix-input',
    en: 'A corrected operation must be of the same kind as the one it replaces ({kind}).',
    zh: '修改后的操作必须与被替换的操作类型相同（{kind}）。',
    actionEn: 'Start a new operation instead, and discard the old one if it is no longer wanted.',
    actionZh: '请改为新建操作；如旧操作已不需要，请将其放弃。',
  },
  {
    code: 'outbox.interrupted',
    category: 'vendor-data',
    en: "The program sending this operation (this station, or a command-line run) stopped or stopped answering before the cloud's reply was recorded; it may or may not have reached the cloud.",
    zh: '发送此操作的程序（本工作站或命令行）在记录云端回复之前中断或停止响应；云端可能已收到，也可能未收到。',
    actionEn: 'Check in the cloud whether it was carried out (look up the room or card), then resend it or discard it.',
    actionZh: '请先在云端查询（按房间或卡号）是否已执行，再决定重新发送或放弃。',
  },
  {
    code: 'outbox.uncertain',
    category: 'vendor-data',
    en: 'It is not known whether the cloud carried out this operation: {detail}',
    zh: '无法确定云端是否已执行此操作：{detail}',
    actionEn: 'Check in the cloud whether it was carried out (look up the room or card), then resend it or discard it.',
    actionZh: '请先在云端查询（按房间或卡号）是否已执行，再决定重新发送或放弃。',
  },
  {
    code: 'outbox.room-unknown',
    category: 'fix-input',
    en: "The station does not know which room card {cardNo} opens, so a whole-room loss report cannot be put in order with that room's other cards.",
    zh: '工作站不知道卡 {cardNo} 属于哪个房间，因此无法将整房挂失与该房间的其他卡按顺序处理。',
    actionEn: 'Give the room (building, floor and room number) of the card, then report it again.',
    actionZh: '请填写该卡所属的房间（楼栋、楼层和房间号）后重新挂失。',
  },
  {
    code: 'outbox.room-mismatch',
    category: 'fix-input',
    en: 'Card {cardNo} belongs to room {room} on this station, not to room {given}.',
    zh: '本工作站记录的卡 {cardNo} 属于房间 {room}，而不是房间 {given}。',
    actionEn: 'Check the card number and the room; leave the room empty to use the room the station knows.',
    actionZh: '请核对卡号和房间；房间留空即使用工作站记录的房间。',
  },
  ...lineEntries(),
  {
    code: 'outbox.closed',
    category: 'internal',
    en: 'The operation queue is shutting down and accepts nothing more.',
    zh: '操作队列正在关闭，不再接受新操作。',
    actionEn: 'Wait for the station to restart, then try again.',
    actionZh: '请等待工作站重新启动后再试。',
  },
  {
    code: 'outbox.db-newer',
    category: 'check-configuration',
    en: 'This database was written by a newer Card Station version {version} (data format {schema}; this version reads up to {supported}); install that version or pick another data folder. File: {path}',
    zh: '此数据库由更新版本的 Card Station（{version}，数据格式 {schema}；本版本最高支持 {supported}）写入；请安装该版本，或选择其他数据文件夹。文件：{path}',
    actionEn: 'Install Card Station {version} or later, or choose another data folder. The database was left untouched.',
    actionZh: '请安装 Card Station {version} 或更高版本，或选择其他数据文件夹。数据库未被改动。',
  },
  {
    code: 'outbox.db-locked',
    category: 'check-configuration',
    en: 'The station database {path} is locked by another program and stayed locked.',
    zh: '工作站数据库 {path} 被其他程序锁定，且一直未释放。',
    actionEn: 'Close other Card Station windows or programs using this data folder, then try again.',
    actionZh: '请关闭使用此数据文件夹的其他 Card Station 窗口或程序后重试。',
  },
  {
    code: 'outbox.db-unreadable',
    category: 'check-configuration',
    en: 'The station database {path} cannot be opened: {detail}',
    zh: '无法打开工作站数据库 {path}：{detail}',
    actionEn: 'Check the data folder and its permissions; if the file is damaged, restore it from a backup or ask IT.',
    actionZh: '请检查数据文件夹及其权限；如文件已损坏，请从备份恢复或联系 IT。',
  },
  {
    code: 'outbox.db-read-only',
    category: 'check-configuration',
    en: 'The station database {path} is read-only, so nothing can be saved (file permissions, or a read-only disk or share).',
    zh: '工作站数据库 {path} 为只读，无法保存任何内容（文件权限，或只读磁盘/共享）。',
    actionEn: 'Give the user who runs Card Station write permission on this file and its folder, or choose another data folder (dataDir).',
    actionZh: '请为运行 Card Station 的用户授予此文件及其文件夹的写入权限，或选择其他数据文件夹（dataDir）。',
  },
  {
    code: 'outbox.db-full',
    category: 'check-configuration',
    en: 'The disk that holds the station database {path} is full: nothing new can be saved. Work accepted before is safe.',
    zh: '存放工作站数据库 {path} 的磁盘已满：无法保存新的内容。此前已受理的工作不受影响。',
    actionEn: 'Free space on that disk (or move the data folder to a disk with space), then try again.',
    actionZh: '请清理该磁盘空间（或将数据文件夹移到有空间的磁盘），然后重试。',
  },
  {
    code: 'outbox.db-damaged',
    category: 'check-configuration',
    en: 'The station database {path} is damaged: {detail}',
    zh: '工作站数据库 {path} 已损坏：{detail}',
    actionEn:
      'Restart Card Station: it checks the file at start, keeps a damaged one aside under a dated name and starts a fresh one. Ask IT to look at the kept file.',
    actionZh: '请重新启动 Card Station：启动时会检查该文件，将损坏的文件以带日期的名称另存，并新建数据库。请联系 IT 查看另存的文件。',
  },
  {
    code: 'outbox.db-kept-empty',
    category: 'check-configuration',
    en: 'The station database {path} was an empty file (0 bytes). It was kept aside as {keptAs} and a fresh database was started: earlier operations and activity are not in it.',
    zh: '工作站数据库 {path} 是空文件（0 字节）。已将其另存为 {keptAs} 并新建数据库：其中没有以前的操作和记录。',
    actionEn:
      'Ask IT whether the database was restored or copied wrongly (a backup may have it). Check in the cloud any work of the last days before redoing it.',
    actionZh: '请联系 IT 确认数据库是否被错误地恢复或复制（备份中可能还有）。重做最近几天的工作前，请先在云端核对。',
  },
  {
    code: 'outbox.db-kept-foreign',
    category: 'check-configuration',
    en: '{path} was not a Card Station database ({detail}). It was kept aside as {keptAs} and a fresh database was started: earlier operations and activity are not in it.',
    zh: '{path} 不是 Card Station 数据库（{detail}）。已将其另存为 {keptAs} 并新建数据库：其中没有以前的操作和记录。',
    actionEn:
      'Ask IT what replaced the database (a backup may have the real one). Check in the cloud any work of the last days before redoing it.',
    actionZh: '请联系 IT 查明数据库被什么文件替换（备份中可能有原数据库）。重做最近几天的工作前，请先在云端核对。',
  },
  {
    code: 'outbox.db-kept-damaged',
    category: 'check-configuration',
    en: 'The station database {path} was damaged ({detail}). It was kept aside as {keptAs} and a fresh database was started: operations still waiting in it were not sent.',
    zh: '工作站数据库 {path} 已损坏（{detail}）。已将其另存为 {keptAs} 并新建数据库：其中仍在等待的操作未被发送。',
    actionEn: 'Ask IT to recover what they can from the kept file. Check in the cloud any work of the last days before redoing it.',
    actionZh: '请联系 IT 从另存的文件中尽量恢复数据。重做最近几天的工作前，请先在云端核对。',
  },
  {
    code: 'outbox.export-failed',
    category: 'check-configuration',
    en: 'The activity log could not be written to {path}: {detail}',
    zh: '无法将操作记录写入 {path}：{detail}',
    actionEn: 'Choose a folder you can write to and try again.',
    actionZh: '请选择可写入的文件夹后重试。',
  },
  {
    code: 'outbox.export-in-data-folder',
    category: 'fix-input',
    en: 'The activity log is not exported into the station data folder ({dataDir}): a file there could replace the station database.',
    zh: '操作记录不能导出到工作站数据文件夹（{dataDir}）中：那里的文件可能覆盖工作站数据库。',
    actionEn: 'Choose a file outside the data folder, for example in your Documents folder.',
    actionZh: '请选择数据文件夹以外的文件，例如“文档”文件夹中的文件。',
  },
  {
    code: 'outbox.export-exists',
    category: 'fix-input',
    en: '{path} already exists, so the activity log was not written.',
    zh: '{path} 已存在，操作记录未写入。',
    actionEn: 'Choose a new file name, or confirm replacing it (on the command line: add --force).',
    actionZh: '请换一个文件名，或确认替换该文件（命令行中加上 --force）。',
  },
  {
    code: 'outbox.export-folder-missing',
    category: 'fix-input',
    en: 'The folder {folder} does not exist, so the activity log was not written.',
    zh: '文件夹 {folder} 不存在，操作记录未写入。',
    actionEn: 'Create the folder first, or choose a file in a folder that exists.',
    actionZh: '请先创建该文件夹，或选择已存在的文件夹中的文件。',
  },
  {
    code: 'outbox.export-is-folder',
    category: 'fix-input',
    en: '{path} is a folder, not a file.',
    zh: '{path} 是文件夹，不是文件。',
    actionEn: 'Give a file name inside it, for example {path}/activity.csv.',
    actionZh: '请在其中指定一个文件名，例如 {path}/activity.csv。',
  },
  {
    code: 'outbox.waiting.dependency',
    category: 'retry-later',
    en: 'Waiting until the new card (operation {id}) is confirmed by the cloud; only then is this operation sent, so no key stops working before its replacement works.',
    zh: '正在等待新卡（操作 {id}）由云端确认；确认后才发送此操作，确保替换卡生效前旧卡不会失效。',
    actionEn: 'Nothing to do: it goes out by itself once the new card works.',
    actionZh: '无需操作：新卡生效后会自动发送。',
  },
  {
    code: 'outbox.blocked-dependency',
    category: 'fix-input',
    en: 'Waiting for operation {id}, which failed or may not have reached the cloud and needs a decision; this operation is sent only after that one is done.',
    zh: '正在等待操作 {id}，该操作失败或不确定是否已送达云端，需要处理；只有该操作完成后才会发送此操作。',
    actionEn: 'Open operation {id} (here or in Queue), then retry it or discard it. If it is discarded, this one is not sent.',
    actionZh: '请打开操作 {id}（在此处或“队列”中）并重试或放弃。如放弃，此操作将不会发送。',
  },
  {
    code: 'outbox.dependency-discarded',
    category: 'fix-input',
    en: 'Not sent: it was to follow operation {id}, which was discarded. The card it would have stopped still opens the door.',
    zh: '未发送：它应在操作 {id} 之后执行，但该操作已被放弃。它本应注销的卡仍然可以开门。',
    actionEn: 'If the card must stop working anyway, retry this operation; otherwise discard it.',
    actionZh: '如仍需让该卡失效，请重试此操作；否则请放弃。',
  },
] as const satisfies readonly ErrorEntry[];
