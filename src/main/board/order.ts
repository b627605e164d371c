/** Display order of stages and cards alike: the shared rule, Position then Id (src/shared/order.ts). */
import { byPosition } from '../../shared/order'
import type { Slot } from './positions'

export const bySlot = byPosition

export function slotOf(record: { Id: number; Position: number }): Slot {
  return { id: record.Id, position: record.Position }
}
