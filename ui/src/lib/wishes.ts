// Teachers' wishes for the timetable generator, as the card and the grid of all teachers edit
// them: which (day, lesson) cells a teacher can be given, and the wishes with cells marked.
import type { TeacherWishes } from './bindings/TeacherWishes';
import type { TeacherWishesRow } from './bindings/TeacherWishesRow';
import type { WeekDay } from './bindings/WeekDay';

/** «Пн» for «понедельник». */
export function dayShort(name: string): string {
  const short: Record<string, string> = {
    понедельник: 'Пн',
    вторник: 'Вт',
    среда: 'Ср',
    четверг: 'Чт',
    пятница: 'Пт',
    суббота: 'Сб',
  };
  return short[name] ?? name;
}

/** What a cell of a teacher's week is: free, marked unavailable, the methodical day, or a
 *  lesson the teacher's classes do not have. */
export type CellState = 'free' | 'busy' | 'methodical' | 'none';

export function cellState(row: TeacherWishesRow, day: number, lesson: number): CellState {
  const w = row.wishes;
  if (w.methodical_day === day) return 'methodical';
  if (w.unavailable.some(([d, n]) => d === day && n === lesson)) return 'busy';
  return row.lessons.includes(lesson) ? 'free' : 'none';
}

/** The cell's state in words, for its tooltip and the status line. */
export function cellText(row: TeacherWishesRow, day: WeekDay, lesson: number): string {
  const where = `${day.name}, ${lesson} урок`;
  switch (cellState(row, day.day, lesson)) {
    case 'busy':
      return `${where}: уроков не ставить`;
    case 'methodical':
      return `${where}: методический день`;
    case 'none':
      return `${where}: у классов учителя нет такого урока`;
    default:
      return `${where}: можно ставить уроки`;
  }
}

/** The wishes with the cells marked (`busy`) or freed; cells that cannot be marked — the
 *  methodical day, a lesson the teacher's classes do not have — are left as they are. */
export function withCells(row: TeacherWishesRow, cells: [number, number][], busy: boolean): TeacherWishes {
  const key = (d: number, n: number) => `${d}-${n}`;
  const marked = new Map(row.wishes.unavailable.map(([d, n]) => [key(d, n), [d, n] as [number, number]]));
  for (const [d, n] of cells) {
    const state = cellState(row, d, n);
    if (state === 'methodical' || (busy && state === 'none')) continue;
    if (busy) marked.set(key(d, n), [d, n]);
    else marked.delete(key(d, n));
  }
  const unavailable = [...marked.values()].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return { ...row.wishes, unavailable };
}

/** Whether every cell that can be marked among `cells` is marked already: a toggle then frees them. */
export function allBusy(row: TeacherWishesRow, cells: [number, number][]): boolean {
  const open = cells.filter(([d, n]) => ['free', 'busy'].includes(cellState(row, d, n)));
  return open.length > 0 && open.every(([d, n]) => cellState(row, d, n) === 'busy');
}

/** The choices of the methodical day: none, or a day of the week. */
export function methodicalOptions(days: WeekDay[]): { value: number | null; label: string }[] {
  return [{ value: null, label: 'нет' }, ...days.map((d) => ({ value: d.day, label: d.name }))];
}

/** The choices of the working days: any, or 1 to the days of the week. */
export function maxDaysOptions(days: WeekDay[]): { value: number | null; label: string }[] {
  return [{ value: null, label: 'любое' }, ...days.map((d) => ({ value: d.day, label: String(d.day) }))];
}
