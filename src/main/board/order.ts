/** Display order of stages and cards alike: Position ascending, then Id (API doc §5.1, §6.4). */
import { compareSlots, type Slot } from './positions'

export function bySlot(a: { Id: number; Position: number }, b: { Id: number; Position: number }): number {
  return compareSlots(slotOf(a), slotOf(b))
}

export function slotOf(record: { Id: number; Position: number }): Slot {
  return { id: record.Id, position: record.Position }
}
