/** The CLI's real stdout and stderr: written in order, and flushed before the process exits. */
import type { CliIo } from './command';

/**
 * Resolves once everything written so far has reached the operating system. A pipe takes 64 KiB at
 * once; the rest waits in Node until the reader catches up, and `process.exit` would drop it.
 */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  if (stream.destroyed || stream.writableEnded) return Promise.resolve();
  return new Promise((resolve) => stream.write('', () => resolve()));
}

function line(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** The part of a terminal's input the hidden prompt uses (tests pass a fake). */
export interface TtyInput {
  isTTY?: boolean;
  isRaw?: boolean;
  setRawMode?(mode: boolean): unknown;
  on(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  off(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  resume(): unknown;
  pause(): unknown;
}

/**
 * A prompt that reads one line from a terminal in raw mode, so nothing typed is echoed: only the
 * question and a line break reach `output`. Backspace deletes; Enter ends; Ctrl-C or Ctrl-D on an
 * empty line gives up (undefined). Undefined when `input` is not a terminal.
 */
export function hiddenPrompt(input: TtyInput, output: { write(text: string): unknown }): CliIo['askHidden'] {
  if (!input.isTTY || typeof input.setRawMode !== 'function') return undefined;
  return (question) =>
    new Promise((resolve) => {
      const wasRaw = Boolean(input.isRaw);
      let typed = '';
      const finish = (value: string | undefined) => {
        input.off('data', onData);
        input.setRawMode!(wasRaw);
        input.pause();
        output.write('\n');
        resolve(value);
      };
      const onData = (chunk: Buffer | string) => {
        for (const ch of typeof chunk === 'string' ? chunk : chunk.toString('utf8')) {
          if (ch === '\r' || ch === '\n') return finish(typed);
          if (ch === '\u0003' || (ch === '\u0004' && typed === '')) return finish(undefined);
          if (ch === '\u007f' || ch === '\b') typed = [...typed].slice(0, -1).join('');
          else if (ch >= ' ') typed += ch;
        }
      };
      // Raw (no echo) before the question shows, so nothing typed after it can be echoed.
      input.setRawMode!(true);
      input.on('data', onData);
      input.resume();
      output.write(question);
    });
}

export function processIo(interrupted: Promise<void>): CliIo {
  // A reader that goes away (`| head`) is not the command's failure: stop writing, keep the exit code.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => stream.destroy());
  const write = (stream: NodeJS.WriteStream) => (text: string) => {
    if (!stream.destroyed) stream.write(line(text));
  };
  return {
    stdout: write(process.stdout),
    stderr: write(process.stderr),
    env: process.env,
    interrupted,
    // The question goes to the terminal's stderr, so `--json` output on stdout stays one value.
    askHidden: hiddenPrompt(process.stdin, process.stderr),
  };
}

/** Exits with `code` once stdout and stderr are flushed (commands close their own handles; this is the backstop). */
export async function exitWhenFlushed(code: number): Promise<never> {
  process.exitCode = code;
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit(code);
}
