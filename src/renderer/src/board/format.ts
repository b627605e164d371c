/**
 * How numbers, dates and names read on the board. Money uses the board's currency when known;
 * dates from Nexudus are read as calendar dates (the date part as written), so a DueDate of
 * 2026-12-03T00:00:00Z is 3 December wherever the user is, never 2 December.
 */
import { leadSourceLabel, lossReasonLabel } from '../../../shared/enums'
import type { BoardCard } from '../../../shared/card'

const moneyFormats = new Map<string, Intl.NumberFormat>()

function moneyFormat(currency: string | null, strip: boolean): Intl.NumberFormat {
  const key = `${currency ?? ''}|${strip}`
  let format = moneyFormats.get(key)
  if (!format) {
    const extra: Intl.NumberFormatOptions = strip ? { trailingZeroDisplay: 'stripIfInteger' } : {}
    try {
      format = currency
        ? new Intl.NumberFormat(undefined, { style: 'currency', currency, ...extra })
        : new Intl.NumberFormat(undefined)
    } catch {
      // Not an ISO 4217 code this runtime knows: a plain number is still right.
      format = new Intl.NumberFormat(undefined)
    }
    moneyFormats.set(key, format)
  }
  return format
}

/** Totals: "£1,200.00" with a currency, "1,200" without. */
export function formatMoney(value: number, currency: string | null): string {
  return moneyFormat(currency, false).format(value)
}

/** A card's value, without ".00" when whole: "£1,200", "£1,200.50". */
export function formatValue(value: number, currency: string | null): string {
  return moneyFormat(currency, true).format(value)
}

/** The calendar date of an ISO date or date-time, as "YYYY-MM-DD"; null if absent or unreadable. */
export function dateKey(iso: string | null | undefined): string | null {
  const match = iso ? /^(\d{4})-(\d{2})-(\d{2})/.exec(iso) : null
  return match ? `${match[1]}-${match[2]}-${match[3]}` : null
}

/** Today in the user's time zone, as "YYYY-MM-DD". */
export function todayKey(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`
}

const dateFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' })

/** "3 Dec 2026" (in the user's locale) for a date key or ISO string; '' if none. */
export function formatDate(iso: string | null | undefined): string {
  const key = dateKey(iso)
  if (!key) return ''
  const [y, m, d] = key.split('-').map(Number) as [number, number, number]
  return dateFormat.format(new Date(y, m - 1, d))
}

/** A follow-up date before today is overdue; today itself is not. */
export function isOverdue(due: string | null | undefined, today: string): boolean {
  const key = dateKey(due)
  return key !== null && key < today
}

/** "AM" for "Alex Morgan", "C" for "Cher", '' for nothing. */
export function initials(name: string | null | undefined): string {
  const words = (name ?? '').trim().split(/\s+/).filter(Boolean)
  if (words.length === 0) return ''
  const first = words[0]!
  const last = words.length > 1 ? words[words.length - 1]! : ''
  return (Array.from(first)[0]! + (last ? Array.from(last)[0]! : '')).toUpperCase()
}

/** The customer's name as the board shows it, with fallbacks so a card is never nameless. */
export function customerName(opp: Pick<BoardCard, 'CoworkerFullName' | 'Name' | 'Id'>): string {
  return opp.CoworkerFullName?.trim() || opp.Name?.trim() || `Opportunity ${opp.Id}`
}

/**
 * A card's accessible name: the customer first, then what the face shows, e.g.
 * "Jane Doe, Acme Ltd, Hot desk, £1,200.00, due 3 Dec 2026 (overdue), Alex Morgan, Referral".
 */
export function cardLabel(opp: BoardCard, currency: string | null, today: string): string {
  const parts = [customerName(opp), opp.CoworkerCompanyName, opp.Name]
  if (opp.Value != null) parts.push(formatValue(opp.Value, currency))
  if (dateKey(opp.DueDate)) {
    parts.push(`due ${formatDate(opp.DueDate)}${isOverdue(opp.DueDate, today) ? ' (overdue)' : ''}`)
  }
  parts.push(opp.ResponsibleFullName, leadSourceLabel(opp.LeadSource))
  return parts.filter((p): p is string => !!p && p.trim() !== '').join(', ')
}

/** A closed card's accessible name: customer, company, tag, value, when and (lost) why. */
export function closedLabel(opp: BoardCard, currency: string | null): string {
  const parts = [customerName(opp), opp.CoworkerCompanyName, opp.Name]
  if (opp.Value != null) parts.push(formatValue(opp.Value, currency))
  if (opp.Status === 2) parts.push(opp.WonOn ? `won ${formatDate(opp.WonOn)}` : 'won')
  if (opp.Status === 3) {
    parts.push(opp.LostOn ? `lost ${formatDate(opp.LostOn)}` : 'lost')
    parts.push(lossReasonLabel(opp.LossReason))
  }
  return parts.filter((p): p is string => !!p && p.trim() !== '').join(', ')
}

const countFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 })

/** "Loading 2,000 of 5,000 opportunities…" (main's board.progress); the total may be unknown yet. */
export function progressText(loaded: number, total: number | null): string {
  const n = countFormat.format(loaded)
  if (total === null) return `Loading ${n} opportunities…`
  return `Loading ${n} of ${countFormat.format(total)} ${total === 1 ? 'opportunity' : 'opportunities'}…`
}
