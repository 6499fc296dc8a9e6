// The current academic year, which most screens start from.
import * as api from './api';
import type { AcademicYear } from './bindings/AcademicYear';
import type { ErrorPayload } from './bindings/ErrorPayload';

/**
 * The year marked current, or null when there is none (the screen then says how to make one)
 * or the list could not be read: then `onError` gets the core's message for the screen's notice.
 */
export async function currentYear(onError: (e: ErrorPayload) => void): Promise<AcademicYear | null> {
  const years = await api.yearList();
  if (!years.ok) {
    onError(years.error);
    return null;
  }
  return years.value.find((y) => y.is_current) ?? null;
}
