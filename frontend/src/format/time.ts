// Times arrive as RFC 3339 in UTC and are shown in hall time (Asia/Shanghai); dates arrive as
// YYYY-MM-DD and are compared as calendar days.
export const HALL_TIME_ZONE = 'Asia/Shanghai'

const timestampFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: HALL_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})

const dateFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: HALL_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})

function parts(format: Intl.DateTimeFormat, date: Date): Record<string, string> {
  const out: Record<string, string> = {}
  for (const p of format.formatToParts(date)) out[p.type] = p.value
  return out
}

/** `2025-03-01T02:05:00Z` → `2025-03-01 10:05`. Empty for null; the raw text if it does not parse. */
export function formatTimestamp(value: string | null | undefined): string {
  if (!value) return ''
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) return value
  const p = parts(timestampFormat, date)
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`
}

const clockFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: HALL_TIME_ZONE,
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})

/** `2025-03-01T09:40:00Z` → `17:40`, for a moment of a day already named. Empty for null; the raw text if it does not parse. */
export function formatClock(value: string | null | undefined): string {
  if (!value) return ''
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) return value
  const p = parts(clockFormat, date)
  return `${p.hour}:${p.minute}`
}

// A calendar day is no moment: read and written in UTC so that no time zone moves it to another day.
const dayFormats: Record<string, Intl.DateTimeFormat> = {
  'zh-CN': new Intl.DateTimeFormat('zh-CN', { timeZone: 'UTC', year: 'numeric', month: 'long', day: 'numeric' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric' }),
}

/** `2026-10-08` → `2026年10月8日` (zh-CN) or `8 Oct 2026` (en), as a sentence says it; the raw text if it does not parse. */
export function formatDay(day: string, locale: string): string {
  const n = dayNumber(day)
  if (n === null) return day
  return (dayFormats[locale] ?? dayFormats['zh-CN']!).format(new Date(n * 86_400_000))
}

/** Today's calendar date in hall time, `YYYY-MM-DD`. */
export function hallToday(now: Date = new Date()): string {
  const p = parts(dateFormat, now)
  return `${p.year}-${p.month}-${p.day}`
}

function dayNumber(date: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  if (!m) return null
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))
  return Number.isNaN(t) ? null : Math.round(t / 86_400_000)
}

/** Calendar days from `from` to `to` (both `YYYY-MM-DD`); null if either does not parse. */
export function daysBetween(from: string, to: string): number | null {
  const a = dayNumber(from)
  const b = dayNumber(to)
  return a === null || b === null ? null : b - a
}

export type DueUrgency = 'overdue' | 'soon' | 'normal'

/** `overdue` when the date is before today, `soon` when it is within the next 2 days (today included). */
export function dueUrgency(due: string | null | undefined, today: string): DueUrgency | null {
  if (!due) return null
  const days = daysBetween(today, due)
  if (days === null) return null
  if (days < 0) return 'overdue'
  if (days <= 2) return 'soon'
  return 'normal'
}

/** How a due date stands today: `days` past it when overdue, else the calendar days left (0: due today). */
export interface DueState {
  urgency: DueUrgency
  days: number
}

export function dueState(due: string | null | undefined, today: string): DueState | null {
  const urgency = dueUrgency(due, today)
  if (urgency === null || !due) return null
  const left = daysBetween(today, due)!
  return { urgency, days: Math.abs(left) }
}
