/**
 * One line about a PMS request, for the activity log, the log file and the status: what was asked
 * for, with the guest's name and mobile masked (the activity log is exported; a guest's phone
 * number does not belong in it).
 */
import type { KeyAction, KeyRequest } from './key-requests';

const ACTION_WORDS: Record<KeyAction, string> = {
  new: 'new key',
  duplicate: 'duplicate key',
  remove: 'check-out',
  'modify-stay': 'stay change',
  read: 'read key',
};

/** `138****0000`: enough to tell two guests apart at the desk, not enough to call them. */
export function maskMobile(mobile: string): string {
  const digits = mobile.replace(/\D/g, '');
  if (digits.length <= 4) return '****';
  return `${digits.slice(0, Math.min(3, digits.length - 4))}****${digits.slice(-4)}`;
}

/** `Z***`: the initial only. */
export function maskName(name: string): string {
  const first = [...name.trim()][0];
  return first ? `${first}***` : '';
}

export function describeRequest(r: KeyRequest, wire: string): string {
  const parts = [`${wire}: ${ACTION_WORDS[r.action]}`];
  if (r.action === 'new' || r.action === 'duplicate') parts.push(`${r.count} key(s)`);
  if (r.roomId) parts.push(`room ${r.roomId}`);
  if (r.encoderId) parts.push(`encoder ${r.encoderId}`);
  if (r.validFrom || r.validTo) parts.push(`valid ${r.validFrom ?? 'now'} to ${r.validTo ?? '?'}`);
  if (r.guest?.number) parts.push(`guest #${r.guest.number}`);
  if (r.guest?.name) parts.push(`name ${maskName(r.guest.name)}`);
  if (r.mobile) parts.push(`mobile ${maskMobile(r.mobile.number)}`);
  parts.push(`by ${r.workstation}`);
  return parts.join(', ');
}
