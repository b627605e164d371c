/**
 * board.changes: the board's opportunities changed since a moment, for the live refresh (every
 * 30 s and when the window comes back). Nexudus filters by `from_CrmOpportunity_UpdatedOn` to the
 * minute (`YYYY-MM-DDTHH:mm`, API doc §3.2), so the moment asked is the minute it falls in and the
 * renderer skips what it already has. The moment is always one of the server's own UpdatedOn
 * strings, never this computer's clock: whether the server writes UTC or the location's wall clock
 * (O8), it is compared with its own kind. A server that ignores the filter answers every card; the
 * local filter keeps the answer right, only larger.
 *
 * UpdatedOn cannot show a card that was deleted or moved to another board: it is simply no longer
 * listed. So each call also asks how many opportunities the board holds (one more request, of one
 * record); fewer than the renderer holds means some are gone, and it reads the board again.
 */
import { z } from 'zod'
import { BoardCard } from '../../shared/card'
import { parseInstant } from '../../shared/instant'
import type { NexudusClient } from '../nexudus/client'
import type { PositionIndex } from './position-index'

const OPPORTUNITIES = '/api/crm/crmopportunities'

export interface Changes {
  cards: BoardCard[]
  /** The latest UpdatedOn among them, or `since` when none: the next call's moment. */
  through: string
  /** The server's count of the board's opportunities now, every status (its TotalItems). */
  total: number
}

/** The minute a moment falls in, as the range filter takes it. */
export function minuteOf(moment: string): string | null {
  const instant = parseInstant(moment)
  return instant ? new Date(instant.ms).toISOString().slice(0, 16) : null
}

/** Cards updated in or after the minute of `since`, and the latest moment among them. */
export function changedSince(cards: readonly BoardCard[], since: string): Omit<Changes, 'total'> {
  const from = parseInstant(since)
  const floor = from ? from.ms - (from.ms % 60_000) : Number.NEGATIVE_INFINITY
  let through = since
  let latest = from?.ms ?? Number.NEGATIVE_INFINITY
  const kept: BoardCard[] = []
  for (const card of cards) {
    const at = card.UpdatedOn ? parseInstant(card.UpdatedOn) : null
    if (!at || at.ms < floor) continue
    kept.push(card)
    if (at.ms > latest) {
      latest = at.ms
      through = card.UpdatedOn!
    }
  }
  return { cards: kept, through }
}

export async function listChanges(
  client: NexudusClient,
  index: PositionIndex,
  boardId: number,
  since: string,
  columns: ReadonlySet<number> | null
): Promise<Changes> {
  const minute = minuteOf(since)
  const ticket = index.ticket()
  const onTheBoard = { CrmOpportunity_CrmBoardColumn_CrmBoard_Id: boardId }
  const [cards, count] = await Promise.all([
    client.listAll(
      OPPORTUNITIES,
      BoardCard,
      { ...onTheBoard, ...(minute ? { from_CrmOpportunity_UpdatedOn: minute } : {}) },
      { size: 1000, concurrency: 4 }
    ),
    client.list(OPPORTUNITIES, z.unknown(), { ...onTheBoard, page: 1, size: 1 })
  ])
  const onBoard = columns ? cards.filter((card) => columns.has(card.CrmBoardColumnId)) : cards
  const changes = changedSince(onBoard, since)
  // Colleagues' moves change Positions: the next drop must plan with them.
  for (const card of changes.cards) index.note(card, ticket)
  return { ...changes, total: count.TotalItems }
}
