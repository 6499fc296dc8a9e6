// A form over one record (a staff member, a student): the draft, whether it differs from what
// is stored, the last save's field errors and warnings, and the save state for SaveStatus.
import type { Result } from './api';
import type { ErrorPayload } from './bindings/ErrorPayload';
import type { FieldError } from './bindings/FieldError';
import type { Saved } from './bindings/Saved';
import type { SaveState } from './components/save';
import { byField } from './issues';

export class Card<T> {
  draft = $state<T | null>(null);
  error = $state<ErrorPayload | null>(null);
  warnings = $state<FieldError[]>([]);
  saving = $state(false);
  savedAt = $state<Date | null>(null);
  #stored = $state('');

  dirty = $derived(this.draft !== null && JSON.stringify(this.draft) !== this.#stored);
  status = $derived<SaveState>(
    this.saving ? 'saving' : this.error ? 'failed' : this.dirty ? 'dirty' : this.savedAt ? 'saved' : 'clean',
  );
  /** Field errors by field name (or path: `enrolment_order.date`). */
  errors = $derived(byField(this.error?.fields));
  /** Warnings of the last save by field name. */
  warned = $derived(byField(this.warnings));

  /** Shows a record as stored (or a blank one, which counts as unchanged until typed into). */
  load(value: T) {
    this.draft = value;
    this.#stored = JSON.stringify(value);
    this.error = null;
    this.warnings = [];
    this.savedAt = null;
  }

  /** Sends the draft; on success the stored value replaces it. False when refused. */
  async save(send: (value: T) => Promise<Result<Saved<T>>>): Promise<boolean> {
    if (this.draft === null || this.saving) return false;
    this.saving = true;
    const r = await send($state.snapshot(this.draft) as T);
    this.saving = false;
    if (!r.ok) {
      this.error = r.error;
      this.warnings = [];
      return false;
    }
    this.error = null;
    this.warnings = r.value.warnings;
    this.draft = r.value.value;
    this.#stored = JSON.stringify(r.value.value);
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a timestamp, replaced whole, never mutated
    this.savedAt = new Date();
    return true;
  }

  /** The user changed a field: its old error goes (the others stay until the next save). */
  clear(field: string) {
    if (!this.error) return;
    const fields = this.error.fields.filter((f) => f.field !== field);
    if (fields.length !== this.error.fields.length) this.error = { ...this.error, fields };
  }
}

/** Focuses the form field of the first error, if it is on the screen. */
export function focusField(field: string | undefined) {
  if (!field) return;
  document.querySelector<HTMLElement>(`[data-testid="field-${field}"]`)?.focus();
}
