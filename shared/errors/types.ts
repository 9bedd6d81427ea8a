/** What kind of problem an error is, so staff know whether to wait, fix, or call someone. */
export const ERROR_CATEGORIES = [
  'retry-later',
  'fix-input',
  'check-configuration',
  'vendor-data',
  'sms',
  'not-supported',
  'hardware',
  'internal',
] as const;
export type ErrorCategory = (typeof ERROR_CATEGORIES)[number];

/** One row of an error catalogue: data, never scattered string checks. */
export interface ErrorEntry {
  /** Namespaced code: `station.validation`, `encoder.no-answer`, `uclbrt.5217`, `tuya.1010`. */
  code: string;
  category: ErrorCategory;
  en: string;
  zh: string;
  /** What staff should do next. */
  actionEn: string;
  actionZh: string;
}

/** The error shape that crosses IPC and lands in the outbox and audit log. */
export interface StationError {
  code: string;
  /** English message; the renderer re-renders from the catalogue in the chosen language. */
  message: string;
  /** Field the error concerns, for inline form errors (`roomNo`, `uclbrt.authToken`). */
  field?: string;
  /** The server's own text for vendor codes (kept even when the code is unknown). */
  serverText?: string;
  /** Values to interpolate into the catalogue text, e.g. `{ port: 'COM3' }`. */
  params?: Record<string, string | number>;
}
