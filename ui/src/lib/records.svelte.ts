// Rows of a table where each row is its own record (credentials, holidays, rooms, equipment,
// subjects). An edited existing row is saved at once; a new row when the user leaves it; a pasted
// block row by row. Errors of the core stay on the row's cells until the next save.
import type { Result } from './api';
import type { ErrorPayload } from './bindings/ErrorPayload';
import type { FieldError } from './bindings/FieldError';
import type { Saved } from './bindings/Saved';
import { pathValue, setField, type CellChange, type ChangeSource } from './components/grid';
import { recordIssues, type CellIssue } from './issues';

export interface RecordRow<T> {
  uid: number;
  data: T;
  errors: FieldError[];
  warnings: FieldError[];
  /** A new row the user has typed into. */
  touched: boolean;
  /** Bumped by every edit; a save result older than the row's edits keeps the edits. */
  version: number;
  /** The version last sent to the core. */
  attempted: number;
}

export interface RecordOps<T> {
  save: (item: T) => Promise<Result<Saved<T>>>;
  remove?: (id: number) => Promise<Result<null>>;
  blank: () => T;
  /** A refusal that is not about one field (or `null` to clear it). */
  onerror: (error: ErrorPayload | null) => void;
  onsaved?: (item: T) => void;
  ondeleted?: (item: T) => void;
}

/** Adapts a command returning the record itself to the shape of one returning `Saved`. */
export function withoutWarnings<T>(save: (item: T) => Promise<Result<T>>) {
  return async (item: T): Promise<Result<Saved<T>>> => {
    const r = await save(item);
    return r.ok ? { ok: true, value: { value: r.value, warnings: [] } } : r;
  };
}

/** The grid's cell reader for record rows (a dotted key reads a nested value). */
export function recordValue<T>(row: RecordRow<T>, key: string): unknown {
  return pathValue(row.data, key);
}

export class Records<T extends { id: number | null }> {
  rows = $state<RecordRow<T>[]>([]);
  #ops: RecordOps<T>;
  #uid = 0;
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- saves under way per row, never shown
  #chains = new Map<number, Promise<boolean>>();

  constructor(ops: RecordOps<T>) {
    this.#ops = ops;
  }

  #wrap(data: T): RecordRow<T> {
    this.#uid += 1;
    return { uid: this.#uid, data, errors: [], warnings: [], touched: false, version: 0, attempted: 0 };
  }

  load(items: T[]) {
    this.rows = items.map((item) => this.#wrap(item));
  }

  /** Adds a blank row at the end (records are ordered by the core) and returns its index. */
  insert = (): number => {
    this.rows.push(this.#wrap(this.#ops.blank()));
    return this.rows.length - 1;
  };

  /** Applies the grid's changes; `view` is the list the grid shows when it is filtered. */
  apply = (changes: CellChange[], source: ChangeSource, view: RecordRow<T>[] = this.rows) => {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local list of rows to save
    const edited = new Set<RecordRow<T>>();
    for (const change of changes) {
      const row = view[change.row];
      if (!row) continue;
      setField(row.data, change.key, change.value);
      row.version += 1;
      row.touched = true;
      edited.add(row);
    }
    // A new row waits until the user leaves it, unless it was pasted or is being corrected.
    for (const row of edited) {
      if (source === 'paste' || row.data.id !== null || row.attempted > 0) void this.save(row);
    }
  };

  /** The user left a row: a new one is saved now, or dropped if nothing was typed into it. */
  leave = (index: number, view: RecordRow<T>[] = this.rows) => {
    const row = view[index];
    if (!row || row.data.id !== null || this.#chains.has(row.uid)) return;
    if (!row.touched) this.#drop(row);
    else if (row.version !== row.attempted) void this.save(row);
  };

  issues = (row: RecordRow<T>): CellIssue[] => [
    ...recordIssues(row.errors, 'error'),
    ...recordIssues(row.warnings, 'warning'),
  ];

  /** Saves a row after any save of it still under way (so a new row is never inserted twice). */
  save(row: RecordRow<T>): Promise<boolean> {
    const before = this.#chains.get(row.uid) ?? Promise.resolve(true);
    const next = before.then(() => this.#send(row));
    this.#chains.set(row.uid, next);
    void next.then(() => {
      if (this.#chains.get(row.uid) === next) this.#chains.delete(row.uid);
    });
    return next;
  }

  async #send(row: RecordRow<T>): Promise<boolean> {
    const version = row.version;
    row.attempted = version;
    const r = await this.#ops.save($state.snapshot(row.data) as T);
    if (!r.ok) {
      row.errors = r.error.fields;
      this.#ops.onerror(r.error.fields.length > 0 ? null : r.error);
      return false;
    }
    row.errors = [];
    row.warnings = r.value.warnings;
    if (row.version === version) row.data = r.value.value;
    else row.data.id = r.value.value.id;
    this.#ops.onerror(null);
    this.#ops.onsaved?.(r.value.value);
    return true;
  }

  remove = async (index: number, view: RecordRow<T>[] = this.rows): Promise<void> => {
    const row = view[index];
    if (!row) return;
    await this.#chains.get(row.uid);
    const id = row.data.id;
    if (id !== null && this.#ops.remove) {
      const r = await this.#ops.remove(id);
      if (!r.ok) {
        row.errors = r.error.fields;
        this.#ops.onerror(r.error);
        return;
      }
      this.#ops.ondeleted?.($state.snapshot(row.data) as T);
    }
    this.#drop(row);
    this.#ops.onerror(null);
  };

  #drop(row: RecordRow<T>) {
    const at = this.rows.indexOf(row);
    if (at >= 0) this.rows.splice(at, 1);
  }
}
