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

export function processIo(interrupted: Promise<void>): CliIo {
  // A reader that goes away (`| head`) is not the command's failure: stop writing, keep the exit code.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => stream.destroy());
  const write = (stream: NodeJS.WriteStream) => (text: string) => {
    if (!stream.destroyed) stream.write(line(text));
  };
  return { stdout: write(process.stdout), stderr: write(process.stderr), env: process.env, interrupted };
}

/** Exits with `code` once stdout and stderr are flushed (commands close their own handles; this is the backstop). */
export async function exitWhenFlushed(code: number): Promise<never> {
  process.exitCode = code;
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit(code);
}
