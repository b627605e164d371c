/**
 * Where the card goes in its destination stage, in Nexudus terms: its new CrmBoardColumnId and
 * Position, and the neighbours to rewrite when there is no gap. Pure: the caller reads the stage.
 */
import type { CrmOpportunity } from '../../shared/nexudus'
import { placeAmong, type MoveTarget } from '../../shared/order'
import { bySlot, slotOf } from './order'
import { compareSlots, MAX_POSITION, MIN_POSITION, planMove, type Slot } from './positions'
import { orderShifts } from './shift-order'

export type Target = MoveTarget

export interface Placed {
  columnId: number
  position: number
  shifts: Slot[]
  before: Map<number, number>
  /** False when none of the cards the user named is among `open` (see placeAmong). */
  anchored: boolean
}

/** What placing needs of a card; a full record, a list projection or a position-index entry. */
export interface Card {
  Id: number
  Position: number
}

/**
 * `open`: the destination's open cards as just read or as the position index last saw them (any
 * order; the card itself may be among them).
 */
export function placeCard(
  card: Card & { CrmBoardColumnId: number },
  target: Target,
  open: readonly Card[]
): Placed {
  const others = open
    .filter((record) => record.Id !== card.Id)
    .map(slotOf)
    .sort(compareSlots)
  const where = placeAmong(
    others.map((slot) => slot.id),
    target
  )
  const { anchored } = where
  const before = new Map(others.map((slot) => [slot.id, slot.position]))

  // A card of this stage whose Position already sorts to the chosen index keeps it: one field fewer
  // to change, and a drop back onto its own place writes nothing at all. A card from another stage
  // is written anyway, so it gets a roomy Position rather than its old one, which may tie with a
  // neighbour and leave no gap for the next drop there.
  const own = slotOf(card)
  const fits =
    card.CrmBoardColumnId === target.columnId &&
    own.position >= MIN_POSITION &&
    own.position <= MAX_POSITION &&
    others.filter((slot) => compareSlots(slot, own) < 0).length === where.index
  if (fits) return { columnId: target.columnId, position: own.position, shifts: [], before, anchored }
  if (target.position !== undefined) {
    const wanted = { id: card.Id, position: target.position }
    const sortsThere =
      target.position >= MIN_POSITION &&
      target.position <= MAX_POSITION &&
      !others.some((slot) => slot.position === target.position) &&
      others.filter((slot) => compareSlots(slot, wanted) < 0).length === where.index
    if (sortsThere)
      return { columnId: target.columnId, position: target.position, shifts: [], before, anchored }
  }

  const plan = planMove(others, card.Id, where.index)
  return {
    columnId: target.columnId,
    position: plan.position,
    shifts: orderShifts(plan.shifts, before),
    before,
    anchored
  }
}

export type Landing = 'yes' | 'no' | 'moot'

/**
 * Did the card land where the user dropped it? Judged on the stage as re-read after the write,
 * with the same rule that placed it (shared/order.ts). 'moot' when there is nothing to judge: the
 * card is not open in the stage (won, lost, or moved on by someone else), or none of the cards the
 * user named is in it.
 */
export function landing(cardId: number, target: Target, stage: readonly CrmOpportunity[]): Landing {
  const open = openIn(target.columnId, stage).map(slotOf).sort(compareSlots)
  const at = open.findIndex((slot) => slot.id === cardId)
  if (at < 0) return 'moot'
  const where = placeAmong(
    open.filter((slot) => slot.id !== cardId).map((slot) => slot.id),
    target
  )
  if (!where.anchored) return 'moot'
  return where.index === at ? 'yes' : 'no'
}

/** The open cards of one stage among records read with every status. */
export function openIn(columnId: number, records: readonly CrmOpportunity[]): CrmOpportunity[] {
  return records.filter((record) => record.CrmBoardColumnId === columnId && record.Status === 1)
}

/** The cards of a stage in display order. */
export function sortedStage(records: readonly CrmOpportunity[]): CrmOpportunity[] {
  return [...records].sort(bySlot)
}
