/**
 * Every read a move makes, decided in one place, so the request budget of a move is visible here and
 * can be cut here (docs/moving-a-card.md, "Request counts"). Writes are 1 PUT for the card plus one
 * GET + PUT per shifted neighbour, which only a stage without a gap at the drop point needs.
 *
 *   drawer outcome (no `to`):           GET card, PUT, re-read its stage                  = 3
 *   reorder or move, stage indexed:     GET card, PUT, re-read the destination            = 3
 *   reorder or move, stage not indexed: GET card ∥ GET open cards, PUT, re-read            = 4
 *   + 1 GET of the destination stage when its Win/Lose flags are not cached from board.load
 *   + 1 list read when the index no longer holds the named neighbours (it may be stale)
 *   + 2 per shifted neighbour; + 1 GET of the card if it is missing from the re-read
 *   + 3 or so, rarely: a correction round when the index was stale and the card landed wrong
 *   (each list read is one request while a stage holds at most 1,000 cards)
 */

export interface MoveReads {
  /**
   * Before the write: the destination's open cards, to find the drop point. Null when there is no
   * destination, or when the position index knows the stage (it plans from what it last saw).
   */
  destinationOpen: number | null
  /** Before the write: GET the destination stage for its Win/Lose flags. */
  destinationStage: number | null
  /**
   * After the write: the one stage re-read with every status, the card's new stage (the card is
   * taken from it instead of a GET of its own). The source of a move between stages is not
   * re-read: taking a card out does not reorder the others (order is by Position, then Id, and
   * their Positions did not change; a server that renumbers keeps the order).
   */
  reread: number
}

interface IntentShape {
  expected: { columnId: number }
  to?: { columnId: number }
}

export interface Known {
  /** The stage's Win/Lose flags are cached (stage-cache.ts). */
  flags: (columnId: number) => boolean
  /** The stage's open cards are in the position index (position-index.ts). */
  positions: (columnId: number) => boolean
}

/**
 * Planned from the intent alone: a card that is no longer in `expected.columnId` is a Conflict and
 * nothing is written, so on every path that writes, the card's stage is the expected one.
 */
export function planReads(intent: IntentShape, known: Known): MoveReads {
  const to = intent.to?.columnId ?? null
  return {
    destinationOpen: to !== null && !known.positions(to) ? to : null,
    destinationStage: to !== null && !known.flags(to) ? to : null,
    reread: to ?? intent.expected.columnId
  }
}

/** Requests a move that writes costs, for tests and benchmarks: reads above plus `writes` PUTs. */
export function requestCount(reads: MoveReads, writes: { card: boolean; shifts: number }): number {
  return (
    1 +
    (reads.destinationOpen === null ? 0 : 1) +
    (reads.destinationStage === null ? 0 : 1) +
    (writes.card ? 1 : 0) +
    2 * writes.shifts +
    1
  )
}
