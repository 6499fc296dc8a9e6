// Choosing files for spreadsheets and printed forms through the system dialogs. A dialog that fails
// gives its error as an ErrorPayload; a cancelled one gives null. They start in the folder of school files.
import { open, save } from '@tauri-apps/plugin-dialog';
import { toPayload, type Result } from './api';
import { session } from './session.svelte';

export const SPREADSHEETS = [{ name: 'Таблицы (Excel, LibreOffice, CSV)', extensions: ['xlsx', 'xls', 'ods', 'csv'] }];
export const XLSX = [{ name: 'Книга Excel', extensions: ['xlsx'] }];
export const PDF = [{ name: 'Документ PDF', extensions: ['pdf'] }];

/** A spreadsheet to read; `ok` with null when the user cancelled. */
export async function chooseSpreadsheet(): Promise<Result<string | null>> {
  try {
    const path = await open({
      title: 'Выберите файл со списком учеников',
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

/** A file name without the characters Windows does not allow. */
export function safeName(name: string): string {
  return name.replace(/[\\/:*?"<>|]/g, '_');
}
