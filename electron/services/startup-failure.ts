import { describeError } from '../../shared/errors';
import { ConfigError } from './config';
import { toStationError } from './failure';

/** What the window's start-up error box says: the problem and what to do, in English and in Chinese. */
export function startupFailureText(err: unknown): string {
  if (err instanceof ConfigError) return [err.path ?? '', ...err.issues].join('\n');
  const error = toStationError(err);
  const lines: string[] = [];
  for (const language of ['en', 'zh-CN'] as const) {
    const { text, action } = describeError(error, language);
    if (lines.length) lines.push('');
    lines.push(text, ...(action ? [action] : []));
  }
  return lines.join('\n');
}
