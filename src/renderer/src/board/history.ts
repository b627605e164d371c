/**
 * Undo and redo of moves and won/lost (issue 7) as plain data: a step is where a card was and where
 * it went, each a place (a stage and the cards on either side, or nothing for "where it stands")
 * and a state (open, won, lost with its reason). Undoing sends the card back to its old place
 * between its old neighbours, with its old state: a server write like any move, never a local
 * rewind, so the board only shows it done once Nexudus has it.
 */
import type { Outcome } from '../../../shared/bridge'
import type { BoardCard } from '../../../shared/card'
import type { Target } from './order'

export interface Spot {
  /**
   * Where it sat: a stage and its neighbours (a closed card: its stage, no neighbours), or null
   * for "where it stands" (marked won or lost in place from the drawer).
   */
  to: Target | null
  outcome: Outcome
}

export interface Step {
  id: number
  before: Spot
  after: Spot
}

/** The card's state as an outcome to send back. */
export function outcomeOf(card: Pick<BoardCard, 'Status' | 'LossReason'>): Outcome {
  if (card.Status === 2) return { status: 'won' }
  if (card.Status === 3) return { status: 'lost', lossReason: card.LossReason ?? 99 }
  return { status: 'open' }
}

/** Where card `id` sits: between its neighbours in its stage's open order, or in its stage if closed. */
export function spotOf(
  order: readonly number[],
  card: Pick<BoardCard, 'Id' | 'CrmBoardColumnId' | 'Position'>
): Target {
  const at = order.indexOf(card.Id)
  // Its Position too: sent back, it restores the card exactly, not just its order.
  if (at === -1)
    return { columnId: card.CrmBoardColumnId, afterId: null, beforeId: null, position: card.Position }
  return {
    columnId: card.CrmBoardColumnId,
    afterId: order[at - 1] ?? null,
    beforeId: order[at + 1] ?? null,
    position: card.Position
  }
}

/** Past and future steps, newest last; a new step forgets the future. */
export interface History {
  past: Step[]
  future: Step[]
}

export const LIMIT = 50

export function record(history: History, step: Step): History {
  return { past: [...history.past, step].slice(-LIMIT), future: [] }
}

export function undone(history: History): { history: History; step: Step } | null {
  const step = history.past.at(-1)
  if (!step) return null
  return { history: { past: history.past.slice(0, -1), future: [...history.future, step] }, step }
}

export function redone(history: History): { history: History; step: Step } | null {
  const step = history.future.at(-1)
  if (!step) return null
  return { history: { past: [...history.past, step], future: history.future.slice(0, -1) }, step }
}
