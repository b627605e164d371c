/**
 * Deleting a card (the details drawer): it leaves the board at once, and `opportunity.delete` is
 * only sent once its few seconds to undo are over (UNDO_MS); `flush` sends them at once when the
 * page goes away or the board changes. A failed delete puts the card back where it was.
 */
import type { BoardCard } from '../../../shared/card'
import type { BridgeError, Result } from '../../../shared/result'
import type { BoardCore } from './core'
import { customerName } from './format'
import { restoreInto, without } from './order'
import { deletedText, deleteFailedText, deletingText, UNDO_MS } from './texts'
import type { Toasts } from './toasts'

/** A card deleted on the board whose `opportunity.delete` waits for the undo time, or is out. */
interface PendingDelete {
  record: BoardCard
  /** Its stage's order before and after it left (null: a closed card, in no order). */
  columnId: number | null
  before: readonly number[]
  after: readonly number[]
  toastId: number
  timer: ReturnType<typeof setTimeout> | null
  generation: number
}

export interface DeletesHost {
  core: BoardCore
  toasts: Toasts
  send(id: number): Promise<Result<unknown>>
  /** Which board is open now: a delete answered after another board was opened touches nothing drawn. */
  generation(): number
  forbidden(error: BridgeError): void
}

export function createDeletes({ core, toasts, send, generation, forbidden }: DeletesHost) {
  const deleting = new Map<number, PendingDelete>()

  /**
   * Takes card `id` off the board at once and offers "Undo" for UNDO_MS; only then is
   * `opportunity.delete` sent. False when there is no such card or it is being moved. `onUndo`
   * runs once the card is back (to give it focus).
   */
  function deleteCard(id: number, onUndo?: () => void): boolean {
    const record = core.records.get(id)
    if (!record || core.deleted.has(id) || core.inFlight(id)) return false
    const columnId = core.locate(id)
    const before = columnId === null ? [] : (core.orders[columnId] ?? [])
    const after = columnId === null ? [] : without(before, id)
    if (columnId !== null) core.orders[columnId] = after
    core.records.delete(id)
    const undo = () => {
      if (undoDelete(id)) onUndo?.()
    }
    const toastId = toasts.notify(deletingText(customerName(record)), 'info', { label: 'Undo', run: undo })
    const timer = setTimeout(() => void sendDelete(id), UNDO_MS)
    deleting.set(id, { record, columnId, before, after, toastId, timer, generation: generation() })
    core.deleted.add(id)
    return true
  }

  /** Puts a deleted card back where it was: exactly, or as near as the stage allows now. */
  function restore(entry: PendingDelete): void {
    const id = entry.record.Id
    core.deleted.delete(id)
    core.records.set(id, entry.record)
    const col = entry.columnId
    if (col === null || !core.columnMap.value.has(col)) return
    const current = core.orders[col] ?? []
    core.orders[col] = current === entry.after ? entry.before : restoreInto(current, id, entry.before)
  }

  /** "Undo" within the undo time: the card comes back and nothing is sent. */
  function undoDelete(id: number): boolean {
    const entry = deleting.get(id)
    if (!entry || entry.timer === null) return false
    clearTimeout(entry.timer)
    deleting.delete(id)
    toasts.dismissToast(entry.toastId)
    if (entry.generation === generation()) restore(entry)
    else core.deleted.delete(id)
    return true
  }

  async function sendDelete(id: number): Promise<void> {
    const entry = deleting.get(id)
    if (!entry || entry.timer === null) return
    clearTimeout(entry.timer)
    entry.timer = null
    toasts.dismissToast(entry.toastId)
    const result = await send(id)
    deleting.delete(id)
    // Already gone is what the user asked for.
    if (result.ok || result.error.kind === 'NotFound') {
      toasts.notify(deletedText(customerName(entry.record)), 'info')
      return
    }
    const here = entry.generation === generation()
    if (here && result.error.kind === 'Forbidden') forbidden(result.error)
    if (here) restore(entry)
    else core.deleted.delete(id)
    toasts.notify(deleteFailedText(customerName(entry.record), result.error))
  }

  /** Sends every delete still in its undo time at once (the window is closing, the board changing). */
  function flushDeletes(): void {
    for (const [id, entry] of deleting) if (entry.timer !== null) void sendDelete(id)
  }

  return { deleteCard, undoDelete, flushDeletes }
}
