/**
 * Stale-deal signals (issue 7): how long a card has been in its stage, from the stage history
 * (when it entered the stage it is in now), against a threshold per stage that the user sets, and
 * overdue follow-ups. A card without a known entry into its stage has no days to show.
 */
import type { BoardCard } from '../../../shared/card'
import { parseInstant } from '../../../shared/instant'
import { isOverdue } from './format'

/** Days a stage may hold a card before it is flagged, until the user sets otherwise. */
export const DEFAULT_STALE_DAYS = 30
const DAY = 86_400_000

/** Whole days from `since` (an ISO moment) to `now`; null when unknown. */
export function daysSince(since: string | undefined, now: number): number | null {
  const at = since ? parseInstant(since) : null
  if (!at) return null
  return Math.max(0, Math.floor((now - at.ms) / DAY))
}

export interface AttentionContext {
  today: string
  now: number
  /** When each card entered the stage it is in now (from the stage history). */
  enteredAt(id: number): string | undefined
  /** Days after which a card is stale in that stage; null: never. */
  threshold(columnId: number): number | null
}

export interface Attention {
  days: number | null
  stale: boolean
  overdue: boolean
}

export function attentionOf(card: BoardCard, ctx: AttentionContext): Attention {
  const days = daysSince(ctx.enteredAt(card.Id), ctx.now)
  const limit = ctx.threshold(card.CrmBoardColumnId)
  return {
    days,
    stale: days !== null && limit !== null && days > limit,
    overdue: isOverdue(card.DueDate, ctx.today)
  }
}

export const needsAttention = (a: Attention): boolean => a.stale || a.overdue

/** Thresholds read back from storage: a whole number of days from 1, or null (never), per stage. */
export function parseThresholds(raw: string | null): Record<number, number | null> {
  if (!raw) return {}
  try {
    const parsed: unknown = JSON.parse(raw)
    if (!parsed || typeof parsed !== 'object') return {}
    const out: Record<number, number | null> = {}
    for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
      const id = Number(key)
      if (!Number.isSafeInteger(id)) continue
      if (value === null) out[id] = null
      else if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 3650)
        out[id] = value
    }
    return out
  } catch {
    return {}
  }
}
