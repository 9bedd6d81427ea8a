/** The words for a desk window's hold on the encoder, as the PMS and other windows are told them. */
import type { DeskEncoderJob } from '../../../shared/domain/encoder';

const WHAT: Record<DeskEncoderJob, { en: (room?: string) => string; zh: (room?: string) => string }> = {
  'new-stay': { en: (r) => (r ? `new key for room ${r}` : 'new key'), zh: (r) => (r ? `房间 ${r} 的新钥匙` : '新钥匙') },
  duplicate: { en: (r) => (r ? `duplicate key for room ${r}` : 'duplicate key'), zh: (r) => (r ? `房间 ${r} 的复制钥匙` : '复制钥匙') },
  'issue-proximity': {
    en: (r) => (r ? `proximity card for room ${r}` : 'issuing a proximity card'),
    zh: (r) => (r ? `房间 ${r} 的感应卡` : '正在发感应卡'),
  },
  'issue-tuya': { en: () => 'issuing a Tuya lock card', zh: () => '正在发涂鸦门锁卡' },
  'cancel-proximity': { en: () => 'waiting for a card to cancel', zh: () => '正在等待要注销的卡' },
  'tuya-card': { en: () => 'waiting for a Tuya lock card', zh: () => '正在等待涂鸦门锁卡' },
  read: { en: () => 'waiting for a card to read', zh: () => '正在等待读卡' },
};

/** "Desk (Li Na): new key for room 1203" / "前台（Li Na）：房间 1203 的新钥匙". */
export function deskJobLabel(job: DeskEncoderJob, operator: string, room?: string): { label: string; labelZh: string } {
  const what = WHAT[job];
  return { label: `Desk (${operator}): ${what.en(room)}`, labelZh: `前台（${operator}）：${what.zh(room)}` };
}
