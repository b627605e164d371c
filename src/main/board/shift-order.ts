/**
 * The order in which neighbours are rewritten after the card. Every shift is its own PUT and one may
 * fail halfway, so each single write must leave the other cards in their old relative order: cards
 * pushed down are written from the farthest one up, cards pushed up from the farthest one down.
 * Then no card ever overtakes one that is still waiting for its write, and no card needs a second.
 */
import type { Slot } from './positions'

/** `shifts` carry new positions; `before` holds every shifted card's current position. */
export function orderShifts(shifts: readonly Slot[], before: ReadonlyMap<number, number>): Slot[] {
  const old = (slot: Slot): number => before.get(slot.id) ?? slot.position
  const down = shifts.filter((s) => s.position > old(s)).sort((a, b) => old(b) - old(a) || b.id - a.id)
  const up = shifts.filter((s) => s.position < old(s)).sort((a, b) => old(a) - old(b) || a.id - b.id)
  return [...down, ...up]
}
