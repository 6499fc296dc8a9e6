// Field errors and warnings from the core, arranged for forms and grid rows.
import type { FieldError } from './bindings/FieldError';

export type IssueLevel = 'error' | 'warning';

/** A message tied to one cell of a grid row; `field` is the column key. */
export interface CellIssue {
  field: string;
  message: string;
  level: IssueLevel;
}

/** Messages of a form by field name (the struct's field name, as the core reports it). */
export function byField(fields: FieldError[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields ?? []) {
    out[f.field] = out[f.field] ? `${out[f.field]} ${f.message}` : f.message;
  }
  return out;
}

/** Issues of the rows of a nested list (`terms.2.ends_on` → row 2, field `ends_on`). */
export function rowsIssues(
  fields: FieldError[] | undefined,
  list: string,
  level: IssueLevel,
): Map<number, CellIssue[]> {
  const out = new Map<number, CellIssue[]>();
  const prefix = `${list}.`;
  for (const f of fields ?? []) {
    if (!f.field.startsWith(prefix)) continue;
    const [index, ...rest] = f.field.slice(prefix.length).split('.');
    const row = Number(index);
    if (!Number.isInteger(row)) continue;
    const issue = { field: rest.join('.'), message: f.message, level };
    out.set(row, [...(out.get(row) ?? []), issue]);
  }
  return out;
}

/** Issues of a single saved record (its fields are the record's own). */
export function recordIssues(fields: FieldError[] | undefined, level: IssueLevel): CellIssue[] {
  return (fields ?? []).map((f) => ({ field: f.field, message: f.message, level }));
}
