// Choosing files for spreadsheets and printed forms through the system dialogs. A dialog that fails
// gives its error as an ErrorPayload; a cancelled one gives null. They start in the folder of school files.
// Printed forms go without a question into «Документы Завуча» (see docs/printed-forms.md); the
// save dialog is there for «Сохранить как…».
import { open, save } from '@tauri-apps/plugin-dialog';
import { toPayload, type Result } from './api';
import { session } from './session.svelte';

export const SPREADSHEETS = [{ name: 'Таблицы (Excel, LibreOffice, CSV)', extensions: ['xlsx', 'xls', 'ods', 'csv'] }];
export const XLSX = [{ name: 'Книга Excel', extensions: ['xlsx'] }];
export const PDF = [{ name: 'Документ PDF', extensions: ['pdf'] }];

/** A spreadsheet to read; `ok` with null when the user cancelled. */
export async function chooseSpreadsheet(title = 'Выберите файл со списком учеников'): Promise<Result<string | null>> {
  try {
    const path = await open({
      title,
      filters: SPREADSHEETS,
      multiple: false,
      directory: false,
      defaultPath: session.app?.default_dir,
    });
    return { ok: true, value: typeof path === 'string' ? path : null };
  } catch (e) {
    return { ok: false, error: toPayload(e) };
  }
}

/** A folder to write into or to check; `ok` with null when the user cancelled. */
export async function chooseFolder(title: string): Promise<Result<string | null>> {
  try {
    const path = await open({ title, directory: true, multiple: false, defaultPath: session.app?.default_dir });
    return { ok: true, value: typeof path === 'string' ? path : null };
  } catch (e) {
    return { ok: false, error: toPayload(e) };
  }
}

/** Where to save: the dialog suggests `name`, and the extension of the first filter is added when missing. */
export async function chooseSaveAs(
  title: string,
  name: string,
  filters: { name: string; extensions: string[] }[],
): Promise<Result<string | null>> {
  try {
    const dir = session.app?.default_dir;
    const path = await save({ title, filters, defaultPath: dir ? `${dir}/${name}` : name });
    if (!path) return { ok: true, value: null };
    const ext = filters[0]?.extensions[0] ?? '';
    const withExt = ext && !path.toLowerCase().endsWith(`.${ext}`) ? `${path}.${ext}` : path;
    return { ok: true, value: withExt };
  } catch (e) {
    return { ok: false, error: toPayload(e) };
  }
}

/**
 * An .xlsx file (an export, a template): asks where, suggesting `name`, and has `write` write it
 * there; gives the path written, or null when the user cancelled.
 */
export async function saveSpreadsheet(
  title: string,
  name: string,
  write: (path: string) => Promise<Result<unknown>>,
): Promise<Result<string | null>> {
  const where = await chooseSaveAs(title, safeName(name), XLSX);
  if (!where.ok || !where.value) return where;
  const r = await write(where.value);
  return r.ok ? { ok: true, value: where.value } : r;
}

/** A file name without the characters Windows does not allow. */
export function safeName(name: string): string {
  return name.replace(/[\\/:*?"<>|]/g, '_');
}

/** The last part of a path, with either separator. */
export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** Prints a document at `path`, or into «Документы Завуча» with null; gives where it is. */
export type Print = (path: string | null) => Promise<Result<string>>;

/** A document the app saved and, for a printed one, how to make it again where the user chooses. */
export interface Printed {
  path: string;
  print?: Print;
}

/** Prints into «Документы Завуча» and gives the document saved. */
export async function printDocument(print: Print): Promise<Result<Printed>> {
  const r = await print(null);
  return r.ok ? { ok: true, value: { path: r.value, print } } : r;
}

/** «Сохранить как…»: asks where, suggesting the document's name, and prints it there; null when cancelled. */
export async function saveDocumentAs(doc: Printed & { print: Print }): Promise<Result<Printed | null>> {
  const name = baseName(doc.path);
  const where = await chooseSaveAs('Сохранить как', name, name.toLowerCase().endsWith('.xlsx') ? XLSX : PDF);
  if (!where.ok) return where;
  if (!where.value) return { ok: true, value: null };
  const r = await doc.print(where.value);
  return r.ok ? { ok: true, value: { path: r.value, print: doc.print } } : r;
}
