import { useCallback, useState } from 'react';
import type { StationError } from '../../../../shared/errors/types';
import { asStationError } from '../../api/errors';

/** Runs an async action with a busy flag and a typed error, for buttons and forms. */
export function useAsync() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<StationError | null>(null);
  const run = useCallback(async <T>(fn: () => Promise<T>, onError?: (error: StationError) => void): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await fn();
    } catch (err) {
      const e = asStationError(err);
      setError(e);
      onError?.(e);
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}
