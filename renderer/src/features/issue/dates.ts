import { localInputValue } from '../../components/format';

/** Default stay: from now until noon tomorrow, as staff usually issue. */
export function defaultStay(): { start: string; end: string } {
  const now = new Date();
  now.setSeconds(0, 0);
  const end = new Date(now);
  end.setDate(end.getDate() + 1);
  end.setHours(12, 0, 0, 0);
  return { start: localInputValue(now), end: localInputValue(end) };
}
