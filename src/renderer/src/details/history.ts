/**
 * The drawer's read-only facts in words: moments (created, updated, a stage change) in the
 * user's locale, and how long an opportunity stayed in a stage ("3 days", "5 hours").
 */
import type { StageVisit } from '../../../shared/details'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

const plural = (n: number, unit: string): string => `${n} ${unit}${n === 1 ? '' : 's'}`

/** A span of time, rounded down to its largest unit: "3 days", "1 hour", "less than a minute". */
export function durationText(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return ''
  if (ms >= DAY) return plural(Math.floor(ms / DAY), 'day')
  if (ms >= HOUR) return plural(Math.floor(ms / HOUR), 'hour')
  if (ms >= MINUTE) return plural(Math.floor(ms / MINUTE), 'minute')
  return 'less than a minute'
}

/** Milliseconds of an ISO moment; NaN when absent or unreadable. */
export const timeOf = (iso: string | null | undefined): number => (iso ? Date.parse(iso) : NaN)

/** The time between two ISO moments in words; '' when either is missing. */
export function timeBetween(from: string | null | undefined, to: string | null | undefined): string {
  return durationText(timeOf(to) - timeOf(from))
}

const momentFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })

/** "3 Dec 2026, 14:05" in the user's locale and time zone; '' when absent or unreadable. */
export function formatMoment(iso: string | null | undefined): string {
  const t = timeOf(iso)
  return Number.isNaN(t) ? '' : momentFormat.format(new Date(t))
}

/** "3 days in Enquiry": how long it stayed in the stage it left; '' when unknown. */
function stayedText(v: StageVisit): string {
  const stage = v.OldCrmBoardColumnName?.trim()
  const span = timeBetween(v.FromTime, v.ToTime)
  return stage && span ? `${span} in ${stage}` : ''
}

export interface HistoryRow {
  key: number
  /** "Enquiry → Tour booked", or "Added to Enquiry" for the first placement. */
  change: string
  who: string
  when: string
  /** Time spent in the stage it left, "3 days in Enquiry" ('' when unknown). */
  stayed: string
  /** The last row only: how long it has been in the stage it entered, "5 days so far" ('' otherwise). */
  sofar: string
}

/** One row per stage change, oldest first as main sends them; `now` measures the current stay. */
export function historyRows(visits: readonly StageVisit[], now: number = Date.now()): HistoryRow[] {
  return visits.map((v, i) => {
    const to = v.NewCrmBoardColumnName?.trim() || 'Unknown stage'
    const from = v.OldCrmBoardColumnName?.trim()
    const current = i === visits.length - 1 ? durationText(now - timeOf(v.ToTime)) : ''
    return {
      key: v.Id,
      change: from ? `${from} → ${to}` : `Added to ${to}`,
      who: v.UserFullName?.trim() || 'Automatic',
      when: formatMoment(v.ToTime),
      stayed: stayedText(v),
      sofar: current ? `${current} so far` : ''
    }
  })
}
