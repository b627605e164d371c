/**
 * The filter bar's filters and search, as pure functions of a card (issue 7): who is responsible,
 * lead source, opportunity type, follow-up date (overdue, this week, none), a value range, and
 * free text over customer, company, email, tag and notes (notes come separately, on first search:
 * the board's cards do not carry them). Filters are kept per board in this computer's storage,
 * read back defensively: a stored value from another version is dropped, never trusted.
 */
import type { BoardCard } from '../../../shared/card'
import { dateKey } from './format'

export type DueFilter = 'any' | 'overdue' | 'week' | 'none'

export interface BoardFilters {
  /** A responsible user's name; '' for anyone, NOBODY for cards without one. */
  responsible: string
  /** A lead source value; null for any, 0 for cards without one. */
  leadSource: number | null
  /** An opportunity type's name; '' for any, NOBODY for cards without one. */
  type: string
  due: DueFilter
  valueMin: number | null
  valueMax: number | null
  text: string
  /** Only cards that need attention: overdue, or longer in their stage than its threshold. */
  attention: boolean
}

/** Stands for "none set" in the name filters. */
export const NOBODY = '\u0000none'

export const emptyFilters = (): BoardFilters => ({
  responsible: '',
  leadSource: null,
  type: '',
  due: 'any',
  valueMin: null,
  valueMax: null,
  text: '',
  attention: false
})

export function isFiltered(f: BoardFilters): boolean {
  return (
    f.responsible !== '' ||
    f.leadSource !== null ||
    f.type !== '' ||
    f.due !== 'any' ||
    f.valueMin !== null ||
    f.valueMax !== null ||
    f.text.trim() !== '' ||
    f.attention
  )
}

/** "YYYY-MM-DD" plus `days`, in the calendar (no time zone can shift it). */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10)
}

export interface FilterContext {
  /** Today, "YYYY-MM-DD". */
  today: string
  /** The card's notes, lowercased, once they have been read; undefined before. */
  notes(id: number): string | undefined
  /** Whether the card needs attention (board/stale.ts). */
  needsAttention(card: BoardCard): boolean
}

const folded = (text: string | null | undefined): string => (text ?? '').toLocaleLowerCase()

export function matchesText(card: BoardCard, text: string, notes: string | undefined): boolean {
  const words = folded(text).split(/\s+/).filter(Boolean)
  if (words.length === 0) return true
  const haystack = [card.CoworkerFullName, card.CoworkerCompanyName, card.CoworkerEmail, card.Name]
    .map(folded)
    .join('\n')
  // Every word somewhere: "ada window" finds Ada Lovelace's "Desk by the window".
  return words.every((w) => haystack.includes(w) || (notes?.includes(w) ?? false))
}

export function matchesFilters(card: BoardCard, f: BoardFilters, ctx: FilterContext): boolean {
  if (f.responsible && (card.ResponsibleFullName?.trim() || NOBODY) !== f.responsible) return false
  if (f.type && (card.OpportunityTypeName?.trim() || NOBODY) !== f.type) return false
  if (f.leadSource !== null && (card.LeadSource ?? 0) !== f.leadSource) return false
  if (f.due !== 'any') {
    const due = dateKey(card.DueDate)
    if (f.due === 'none' && due) return false
    if (f.due === 'overdue' && !(due && due < ctx.today)) return false
    if (f.due === 'week' && !(due && due >= ctx.today && due < addDays(ctx.today, 7))) return false
  }
  if (f.valueMin !== null && (card.Value ?? 0) < f.valueMin) return false
  if (f.valueMax !== null && (card.Value ?? 0) > f.valueMax) return false
  if (f.attention && !ctx.needsAttention(card)) return false
  return matchesText(card, f.text, ctx.notes(card.Id))
}

const isNumberOrNull = (v: unknown): v is number | null =>
  v === null || (typeof v === 'number' && Number.isFinite(v))

/** Filters read back from storage; anything not of the expected shape falls back to "any". */
export function parseFilters(raw: string | null): BoardFilters {
  const empty = emptyFilters()
  if (!raw) return empty
  let v: Record<string, unknown>
  try {
    const parsed: unknown = JSON.parse(raw)
    if (!parsed || typeof parsed !== 'object') return empty
    v = parsed as Record<string, unknown>
  } catch {
    return empty
  }
  return {
    responsible: typeof v.responsible === 'string' ? v.responsible.slice(0, 200) : '',
    leadSource: isNumberOrNull(v.leadSource) ? v.leadSource : null,
    type: typeof v.type === 'string' ? v.type.slice(0, 200) : '',
    due: v.due === 'overdue' || v.due === 'week' || v.due === 'none' ? v.due : 'any',
    valueMin: isNumberOrNull(v.valueMin) ? v.valueMin : null,
    valueMax: isNumberOrNull(v.valueMax) ? v.valueMax : null,
    text: typeof v.text === 'string' ? v.text.slice(0, 200) : '',
    attention: v.attention === true
  }
}
