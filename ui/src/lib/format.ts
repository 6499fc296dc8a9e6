// Parsing what the user types (dates dd.mm.yyyy, times HH:MM, whole numbers) and showing
// stored values. The only checks here are about the text itself; every rule lives in the core.

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const pad2 = (n: number) => String(n).padStart(2, '0');

/** ISO `2026-09-01` → `01.09.2026`; empty for null. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : iso;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Typed date → ISO. Accepts `1.9.2026`, `01.09.26`, `01/09/2026`, `01092026`, and ISO itself.
 * Empty text is `null` (the core decides whether the date is required).
 */
export function parseDate(text: string): Parsed<string | null> {
  const t = text.trim();
  if (t === '') return { ok: true, value: null };
  let d: number, m: number, y: number;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  const sep = /^(\d{1,2})[.,/\- ](\d{1,2})[.,/\- ](\d{2}|\d{4})$/.exec(t);
  const bare = /^(\d{2})(\d{2})(\d{2}|\d{4})$/.exec(t);
  if (iso) {
    [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  } else if (sep || bare) {
    const g = (sep ?? bare) as RegExpExecArray;
    [d, m, y] = [Number(g[1]), Number(g[2]), Number(g[3])];
    if ((g[3] ?? '').length === 2) y += 2000;
  } else {
    return { ok: false, message: 'Дата вводится как ДД.ММ.ГГГГ, например 01.09.2026.' };
  }
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) {
    return { ok: false, message: `${pad2(d)}.${pad2(m)}.${y} — нет такой даты.` };
  }
  return { ok: true, value: `${y}-${pad2(m)}-${pad2(d)}` };
}

/** Typed time → `HH:MM`. Accepts `8:30`, `8.30`, `0830`, `830`, `8`. Empty stays empty. */
export function parseTime(text: string): Parsed<string> {
  const t = text.trim();
  if (t === '') return { ok: true, value: '' };
  const m = /^(\d{1,2})(?:[:.,\- ]?(\d{2}))?$/.exec(t);
  const bad = { ok: false as const, message: 'Время вводится как ЧЧ:ММ, например 08:30.' };
  if (!m) return bad;
  const h = Number(m[1]);
  const min = m[2] === undefined ? 0 : Number(m[2]);
  if (h > 23 || min > 59) return bad;
  return { ok: true, value: `${pad2(h)}:${pad2(min)}` };
}

/** Typed whole number; empty is `null` when allowed. */
export function parseInteger(text: string, nullable: boolean): Parsed<number | null> {
  const t = text.replace(/[\s\u00a0]/g, '');
  if (t === '') {
    return nullable ? { ok: true, value: null } : { ok: false, message: 'Введите число.' };
  }
  if (!/^[-−]?\d+$/.test(t)) return { ok: false, message: 'Введите целое число, например 30.' };
  const n = Number(t.replace('−', '-'));
  if (!Number.isSafeInteger(n)) return { ok: false, message: 'Слишком большое число.' };
  return { ok: true, value: n };
}

/** Typed number with a fraction (`0,5`, `0.25`, `1`); empty is `null` when allowed. */
export function parseDecimal(text: string, nullable: boolean): Parsed<number | null> {
  const t = text.replace(/[\s\u00a0]/g, '').replace(',', '.');
  if (t === '') {
    return nullable ? { ok: true, value: null } : { ok: false, message: 'Введите число.' };
  }
  if (!/^\d*\.?\d+$|^\d+\.$/.test(t)) return { ok: false, message: 'Введите число, например 0,5 или 1,25.' };
  return { ok: true, value: Number(t) };
}

/** A number with a decimal comma, without trailing zeros: 0.5 → «0,5», 1 → «1». */
export function formatDecimal(n: number | null | undefined): string {
  if (n === null || n === undefined) return '';
  return String(Math.round(n * 10000) / 10000).replace('.', ',');
}

/** Weekly hours of the two half-years: «5», or «4/3» when they differ (as the printed curriculum). */
export function formatHalves(first: number, second: number): string {
  return first === second ? formatDecimal(first) : `${formatDecimal(first)}/${formatDecimal(second)}`;
}

/** Minutes since midnight of a stored `HH:MM`, or null when the text is not a time. */
export function minutesOf(time: string): number | null {
  const m = /^(\d{2}):(\d{2})$/.exec(time);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** A file's size in bytes as «512 КБ» or «3,4 МБ». */
export function formatSize(bytes: number): string {
  const kb = 1024;
  if (bytes < kb * kb) return `${Math.ceil(bytes / kb)} КБ`;
  return `${(bytes / kb / kb).toFixed(1).replace('.', ',')} МБ`;
}

/** A moment the core wrote, «2026-10-27 15:40», as «27.10.2026 15:40». */
export function formatStamp(at: string): string {
  const [date = '', time = ''] = at.split(' ');
  return `${formatDate(date)} ${time}`.trim();
}

/** An ISO moment, «2026-12-07T09:41:50», as «07.12.2026 09:41». */
export function formatIsoStamp(iso: string): string {
  return formatStamp(iso.replace('T', ' ').slice(0, 16));
}

/** Today as ISO, in local time. */
export function todayIso(): string {
  const d = new Date();
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
}

/** `08:30` → clock shown in the status line. */
export function clock(d: Date): string {
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}

/** Russian plural: plural(5, 'урок', 'урока', 'уроков'). */
export function plural(n: number, one: string, few: string, many: string): string {
  const n10 = n % 10;
  const n100 = n % 100;
  if (n10 === 1 && n100 !== 11) return one;
  if (n10 >= 2 && n10 <= 4 && (n100 < 12 || n100 > 14)) return few;
  return many;
}

/**
 * The experience from `since` to `on` (both ISO) as the reports print it (staff::experience_text
 * in the core): «12 лет 3 мес.», «1 год»; empty when `since` is unknown or later than `on`.
 */
export function experienceText(since: string | null, on: string): string {
  if (!since || since > on) return '';
  const [sy = 0, sm = 0, sd = 0] = since.split('-').map(Number);
  const [oy = 0, om = 0, od = 0] = on.split('-').map(Number);
  const total = (oy - sy) * 12 + (om - sm) - (od < sd ? 1 : 0);
  const years = Math.floor(total / 12);
  const months = total % 12;
  const text = `${years} ${plural(years, 'год', 'года', 'лет')}`;
  return months === 0 ? text : `${text} ${months} мес.`;
}
