/**
 * The rules of seed 003's parameter tables, checked before a Tuya request leaves the station, each
 * failure naming the form field it concerns (`deviceId`, `cardId`, `lockCardId`, `start`, `end`).
 */
import { validationError, type DescribedIssue } from '../../../../shared/errors/from-zod';
import { StationFailure } from '../../failure';

const ID = /^[A-Za-z0-9_-]{1,64}$/;
/** Project ids go into the URL path: anything but separators and spaces. */
const PROJECT_ID = /^[^\s/?#%]{1,128}$/;

function fail(issues: DescribedIssue[]): void {
  if (issues.length) throw new StationFailure(validationError(issues));
}

function ids(values: Record<string, string | undefined>): DescribedIssue[] {
  const issues: DescribedIssue[] = [];
  for (const [field, value] of Object.entries(values)) {
    const re = field === 'projectId' ? PROJECT_ID : ID;
    if (value === undefined || value.trim() === '') issues.push({ field, message: 'is required' });
    else if (!re.test(value)) issues.push({ field, message: 'must be letters, digits, _ or -' });
  }
  return issues;
}

/** Tuya card times are 13-digit millisecond timestamps. */
function times(beginMs: number | undefined, endMs: number | undefined): DescribedIssue[] {
  const issues: DescribedIssue[] = [];
  for (const [field, value] of [
    ['start', beginMs],
    ['end', endMs],
  ] as const) {
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value < 1e12 || value >= 1e13) {
      issues.push({ field, message: 'must be a 13-digit millisecond timestamp' });
    }
  }
  if (issues.length === 0 && beginMs !== undefined && endMs !== undefined && beginMs >= endMs) {
    issues.push({ field: 'end', message: 'must be after the start time' });
  }
  return issues;
}

export function checkIssue(projectId: string, deviceId: string, cardId: string, beginMs?: number, endMs?: number): void {
  fail([...ids({ projectId, deviceId, cardId }), ...times(beginMs, endMs)]);
}

export function checkModify(projectId: string, deviceId: string, lockCardId: string, beginMs?: number, endMs?: number): void {
  const issues = [...ids({ projectId, deviceId, lockCardId }), ...times(beginMs, endMs)];
  if (beginMs === undefined && endMs === undefined) issues.push({ field: 'end', message: 'is required (a start, an end, or both)' });
  fail(issues);
}

export function checkCardRef(projectId: string, deviceId: string, lockCardId: string): void {
  fail(ids({ projectId, deviceId, lockCardId }));
}
