// What the whole window shares: the open school file (AppState), reference lists, the screen.
import { open, save } from '@tauri-apps/plugin-dialog';
import * as api from './api';
import type { Result } from './api';
import type { AppState } from './bindings/AppState';
import type { ErrorPayload } from './bindings/ErrorPayload';
import type { Reference } from './bindings/Reference';

export type ScreenId = 'school' | 'years' | 'bells' | 'rooms' | 'subjects' | 'staff' | 'classes' | 'curriculum' | 'students' | 'subgroups' | 'load' | 'wishes' | 'timetable' | 'substitutions' | 'plans' | 'marks' | 'movement' | 'decisions' | 'rollover' | 'ledgers' | 'district' | 'backups' | 'audit' | 'encryption' | 'accounts';

export interface ScreenEntry {
  id: ScreenId;
  title: string;
}

/**
 * The left-hand navigation: the phases of the school year in the order of the work, each with
 * its screens. `steps`: the screens are numbered, done one after another (the preparation). A
 * new screen is one line in its phase; a phase without screens is not shown.
 */
export const NAVIGATION: { title: string; steps: boolean; screens: ScreenEntry[] }[] = [
  {
    title: 'Подготовка учебного года',
    steps: true,
    screens: [
      { id: 'school', title: 'Карта школы' },
      { id: 'years', title: 'Учебные годы и периоды' },
      { id: 'bells', title: 'Расписание звонков' },
      { id: 'rooms', title: 'Кабинеты и оборудование' },
      { id: 'subjects', title: 'Предметы' },
      { id: 'staff', title: 'Сотрудники' },
      { id: 'classes', title: 'Классы' },
      { id: 'curriculum', title: 'Учебные планы' },
      { id: 'students', title: 'Ученики' },
      { id: 'subgroups', title: 'Подгруппы' },
      { id: 'load', title: 'Нагрузка' },
      { id: 'wishes', title: 'Пожелания учителей' },
      { id: 'timetable', title: 'Расписание' },
    ],
  },
  {
    title: 'В течение года',
    steps: false,
    screens: [
      { id: 'substitutions', title: 'Замены' },
      { id: 'plans', title: 'Тематические планы' },
      { id: 'marks', title: 'Отметки' },
      { id: 'movement', title: 'Движение и приказы' },
      { id: 'decisions', title: 'Решения педсовета' },
      { id: 'rollover', title: 'Переход на новый год' },
    ],
  },
  {
    title: 'Архив и отчёты',
    steps: false,
    screens: [
      { id: 'ledgers', title: 'Ведомости и отчёты' },
      { id: 'district', title: 'Для управления образования' },
    ],
  },
  {
    title: 'Сервис',
    steps: false,
    screens: [
      { id: 'backups', title: 'Резервные копии' },
      { id: 'audit', title: 'Журнал изменений' },
      { id: 'encryption', title: 'Шифрование файла' },
      { id: 'accounts', title: 'Пользователи' },
    ],
  },
];

/** Every screen in the order of the navigation. */
export const SCREENS: ScreenEntry[] = NAVIGATION.flatMap((phase) => phase.screens);

/** A class of the current year, the students without a class, or who has no consent. */
export type StudentsView = { kind: 'class'; id: number } | { kind: 'without_class' } | { kind: 'no_consent' };

export const session = $state<{
  app: AppState | null;
  reference: Reference | null;
  /** Why the app state could not be read (shown instead of the screens). */
  fatal: ErrorPayload | null;
  /** A failed file operation, shown on the welcome screen and in the sidebar. */
  fileError: ErrorPayload | null;
  busy: boolean;
  screen: ScreenId;
  /** Bumped whenever another file is opened, so that screens reload from scratch. */
  epoch: number;
  /** What the students screen shows: a class id, or one of its lists; kept between visits. */
  students: StudentsView | null;
}>({
  app: null,
  reference: null,
  fatal: null,
  fileError: null,
  busy: false,
  screen: 'school',
  epoch: 0,
  students: null,
});

/** The open screen's question before it is left with unsaved edits (a screen sets and clears it). */
let leaveGuard: (() => Promise<boolean>) | null = null;

/**
 * A screen with a draft asks through `guard` before another screen is shown; gives what removes
 * the guard (for the screen's onDestroy), which leaves a later screen's guard alone.
 */
export function guardLeaving(guard: () => Promise<boolean>): () => void {
  leaveGuard = guard;
  return () => {
    if (leaveGuard === guard) leaveGuard = null;
  };
}

/** Shows another screen once the open one agrees to be left (its unsaved edits). */
export async function goTo(screen: ScreenId): Promise<void> {
  if (screen === session.screen) return;
  if (leaveGuard && !(await leaveGuard())) return;
  session.screen = screen;
}

export async function loadSession(): Promise<void> {
  const [app, reference] = await Promise.all([api.appState(), api.reference()]);
  if (!app.ok) {
    session.fatal = app.error;
    return;
  }
  session.fatal = null;
  session.app = app.value;
  if (reference.ok) session.reference = reference.value;
}

/** Re-reads the app state (school name, current year) after a save that changes them. */
export async function refreshAppState(): Promise<void> {
  const app = await api.appState();
  if (app.ok) session.app = app.value;
}

async function switchTo(op: Promise<Result<AppState>>): Promise<boolean> {
  session.busy = true;
  const r = await op;
  session.busy = false;
  if (!r.ok) {
    session.fileError = r.error;
    return false;
  }
  session.fileError = null;
  session.app = r.value;
  session.epoch += 1;
  session.students = null;
  return true;
}

/** Runs a native file dialog; a failure (e.g. outside the app) is shown like a refused file. */
async function ask<T>(dialog: () => Promise<T>): Promise<T | null> {
  try {
    return await dialog();
  } catch (e) {
    session.fileError = api.toPayload(e);
    return null;
  }
}

const FILTERS = [{ name: 'Файл школы «Завуч»', extensions: ['zavuch'] }];

export function createDemo(): Promise<boolean> {
  return switchTo(api.schoolFileDemo());
}

export function startFilling(): Promise<boolean> {
  session.screen = 'school';
  return switchTo(api.schoolFileInit());
}

/** Restores the copy `id` over the school file and shows the file as restored. */
export function restoreCopy(id: string): Promise<boolean> {
  return switchTo(api.backupRestore(id));
}

/** Opens the locked (encrypted) school file with `password`: the file's, or with `login` that account's. */
export function unlock(login: string, password: string): Promise<boolean> {
  return switchTo(api.schoolFileUnlock(login.trim() || null, password));
}

/** «Сменить пользователя»: the file locked again, the screen asking for a login and password. */
export function signOut(): Promise<boolean> {
  return switchTo(api.schoolFileSignOut());
}

export function openRecent(path: string): Promise<boolean> {
  return switchTo(api.schoolFileOpen(path));
}

export async function chooseAndOpen(): Promise<boolean> {
  const path = await ask(() =>
    open({
    title: 'Открыть файл школы',
    filters: FILTERS,
    multiple: false,
    directory: false,
      defaultPath: session.app?.default_dir,
    }),
  );
  return typeof path === 'string' ? switchTo(api.schoolFileOpen(path)) : false;
}

export async function chooseAndCreate(): Promise<boolean> {
  const dir = session.app?.default_dir;
  const path = await ask(() =>
    save({
      title: 'Создать файл школы',
      filters: FILTERS,
      defaultPath: dir ? `${dir}/Новая школа.zavuch` : 'Новая школа.zavuch',
    }),
  );
  if (!path) return false;
  const withExt = /\.zavuch$/i.test(path) ? path : `${path}.zavuch`;
  return switchTo(api.schoolFileCreate(withExt));
}
