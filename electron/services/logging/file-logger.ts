import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from './logger';
import { Redactor } from './redact';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface FileLoggerOptions {
  /** Log file; one JSON object per line. Rotated to `<file>.1` past `maxBytes`. */
  file?: string;
  level?: LogLevel;
  /** Also write lines at or above this level to this sink (e.g. stderr for the CLI's --verbose). */
  console?: { level: LogLevel; write: (line: string) => void };
  redactor?: Redactor;
  maxBytes?: number;
}

export interface StationLogger extends Logger {
  readonly redactor: Redactor;
  readonly file?: string;
  /** A logger that adds `scope` to every line (e.g. `encoder`, `outbox`). */
  child(scope: string): Logger;
}

/**
 * The station's logger under plain Node (and in Electron main, which is Node too): JSON lines,
 * synchronous appends so nothing is lost on a crash, every line passed through the redactor.
 */
export function createFileLogger(options: FileLoggerOptions = {}): StationLogger {
  const redactor = options.redactor ?? new Redactor();
  const threshold = ORDER[options.level ?? 'info'];
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
  const file = options.file;
  if (file) mkdirSync(dirname(file), { recursive: true });

  const rotateIfLarge = (path: string): void => {
    try {
      if (statSync(path).size > maxBytes) renameSync(path, `${path}.1`);
    } catch {
      // No file yet.
    }
  };

  const write = (level: LogLevel, scope: string | undefined, message: string, fields?: Record<string, unknown>): void => {
    const wantsFile = file && ORDER[level] >= threshold;
    const wantsConsole = options.console && ORDER[level] >= ORDER[options.console.level];
    if (!wantsFile && !wantsConsole) return;
    const entry: Record<string, unknown> = {
      at: new Date().toISOString(),
      level,
      ...(scope ? { scope } : {}),
      msg: redactor.text(String(message)),
    };
    if (fields && Object.keys(fields).length) entry.fields = redactor.value(fields);
    let line: string;
    try {
      line = JSON.stringify(entry);
    } catch {
      line = JSON.stringify({ at: entry.at, level, msg: entry.msg, fields: '[unserialisable]' });
    }
    // The final pass catches a secret that only appears once fields are serialised together.
    line = redactor.text(line);
    if (wantsFile) {
      try {
        rotateIfLarge(file);
        appendFileSync(file, `${line}\n`);
      } catch {
        // A full disk must not take the station down; the console sink (if any) still gets it.
      }
    }
    if (wantsConsole) {
      const human = `${level.toUpperCase()} ${scope ? `[${scope}] ` : ''}${entry.msg as string}${entry.fields ? ` ${JSON.stringify(entry.fields)}` : ''}`;
      options.console!.write(redactor.text(human));
    }
  };

  const make = (scope?: string): Logger => ({
    debug: (m, f) => write('debug', scope, m, f),
    info: (m, f) => write('info', scope, m, f),
    warn: (m, f) => write('warn', scope, m, f),
    error: (m, f) => write('error', scope, m, f),
  });

  return { ...make(), redactor, file, child: (scope) => make(scope) };
}
