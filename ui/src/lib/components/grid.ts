// Types of the keyboard-first grid (Grid.svelte) shared with the screens that use it.
import type { CellIssue } from '../issues';

export type ColumnType = 'text' | 'number' | 'decimal' | 'date' | 'time' | 'select' | 'checkbox' | 'readonly';

/** What a cell holds: text, `HH:MM`, ISO date or null, a number or null, a flag, a select value. */
export type CellValue = string | number | boolean | null;

export interface SelectOption {
  value: CellValue;
  label: string;
}

export interface Column<R> {
  /** The field name: used for `data-testid="cell-<row>-<key>"` and to match the core's field errors. */
  key: string;
  title: string;
  type: ColumnType;
  /** Width in pixels; columns without it share the rest of the width. */
  width?: number;
  align?: 'left' | 'right' | 'center';
  /** Choices of a `select` column. */
  options?: SelectOption[];
  /** A `number`, `decimal` or `date` column may be emptied (the value becomes null). */
  nullable?: boolean;
  /** Makes single cells read-only. */
  readonly?: (row: R, index: number) => boolean;
  /** Text of a computed `readonly` cell. */
  display?: (row: R, index: number) => string;
  /** Tooltip of the column header. */
  hint?: string;
  /**
   * Keys that are a whole value by themselves («5» in a marks sheet): typed on a cell, the value
   * is committed at once and the cursor moves right, so that a row is typed key after key.
   */
  instant?: (key: string) => boolean;
  /** Why a read-only cell refuses what is typed or pasted into it (shown below the grid). */
  readonlyNote?: (row: R, index: number) => string | null;
  /** A class of single cells, for what their values mean («2» and «н/а» in a marks sheet). */
  cellClass?: (row: R, index: number) => string;
}

/** A cell's place: row and column. */
export interface Place {
  row: number;
  col: number;
}

/** The rows and columns of a block selected with Shift+arrows, from its anchor to the cursor. */
export interface Block {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** The block between two cells (the cursor alone when there is no anchor). */
export function blockBetween(anchor: Place | null, cursor: Place): Block {
  const a = anchor ?? cursor;
  return {
    top: Math.min(a.row, cursor.row),
    bottom: Math.max(a.row, cursor.row),
    left: Math.min(a.col, cursor.col),
    right: Math.max(a.col, cursor.col),
  };
}

export function inBlock(b: Block, row: number, col: number): boolean {
  return row >= b.top && row <= b.bottom && col >= b.left && col <= b.right;
}

export interface CellChange {
  row: number;
  key: string;
  value: CellValue;
}

/** `edit`: one cell typed and committed; `paste`: a block pasted (possibly adding rows). */
export type ChangeSource = 'edit' | 'paste';

export type { CellIssue };

/**
 * Sets one field of a row object from a grid change (column keys are the row's field names, or
 * dotted paths into nested values: `hire_order.date`).
 */
export function setField<T extends object>(row: T, key: string, value: CellValue): void {
  setPath(row, key, value);
}

/** Reads a field by a dotted path (`hire_order.date`): columns of nested values. */
export function pathValue(row: unknown, key: string): unknown {
  let v: unknown = row;
  for (const part of key.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

/** Sets a field by a dotted path (`hire_order.date`); the objects on the way must exist. */
export function setPath<T extends object>(row: T, key: string, value: CellValue): void {
  const parts = key.split('.');
  const last = parts.pop() as string;
  let target = row as Record<string, unknown>;
  for (const part of parts) target = target[part] as Record<string, unknown>;
  target[last] = value;
}
