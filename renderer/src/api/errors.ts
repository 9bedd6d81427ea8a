import type { StationError } from '../../../shared/errors/types';

/** Codes the renderer raises itself (transport problems); their text lives in the renderer's i18n. */
export const RENDERER_ERROR_CODES = ['renderer.disconnected', 'renderer.no-transport', 'renderer.unexpected'] as const;

export function rendererError(code: (typeof RENDERER_ERROR_CODES)[number], message: string): StationError {
  return { code, message };
}

/** An `{ok:false}` answer turned into something `await` can throw. */
export class StationCallError extends Error {
  constructor(readonly error: StationError) {
    super(error.message);
    this.name = 'StationCallError';
  }
}

export function asStationError(err: unknown): StationError {
  if (err instanceof StationCallError) return err.error;
  return rendererError('renderer.unexpected', err instanceof Error ? err.message : String(err));
}
