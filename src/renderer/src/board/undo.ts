/**
 * Ctrl+Z / Ctrl+Shift+Z over the board's moves (history.ts holds the steps): undoing sends the card
 * back to its old place and state as a move like any other, never a local rewind, and a refusal
 * leaves the history as it was.
 */
import { shallowRef } from 'vue'
import type { Outcome } from '../../../shared/bridge'
import type { BoardCard } from '../../../shared/card'
import {
  outcomeOf,
  record as recordStep,
  redone as redoneStep,
  undone as undoneStep,
  type History,
  type Spot,
  type Step
} from './history'
import type { Job, MoveReport } from './move-queue'
import type { Target } from './order'

export interface UndoHost {
  /** Sends the card to `to` (its whole-order index worked out by the store), not recorded again. */
  move(id: number, to: Target | undefined, outcome: Outcome): Promise<MoveReport>
  canMove(): boolean
  nameOf(id: number): string
  stageName(id: number): string
  notify(text: string): void
}

export function createUndo(host: UndoHost) {
  /** Moves that Ctrl+Z can undo, and undone ones Ctrl+Shift+Z can redo, for this board. */
  const history = shallowRef<History>({ past: [], future: [] })

  /** A user's move that went through (or waits in the outbox) can be undone. */
  function remember(job: Job, landed: BoardCard): void {
    if (!job.before) return
    const after: Spot = { to: job.to ?? null, outcome: job.outcome ?? outcomeOf(landed) }
    history.value = recordStep(history.value, { id: job.id, before: job.before, after })
  }

  async function replay(step: Step, spot: Spot, done: string): Promise<MoveReport> {
    const report = await host.move(step.id, spot.to ?? undefined, spot.outcome)
    if (report.status === 'saved' || report.status === 'queued') host.notify(done)
    return report
  }

  /**
   * The last move or won/lost goes back, with the card between its old neighbours and in its old
   * state (undo), or the last undone one again (redo).
   */
  async function travel(way: 'undo' | 'redo'): Promise<MoveReport | null> {
    const taken = (way === 'undo' ? undoneStep : redoneStep)(history.value)
    if (!taken || !host.canMove()) return null
    const previous = history.value
    history.value = taken.history
    const { step } = taken
    const spot = way === 'undo' ? step.before : step.after
    const where = spot.to ? host.stageName(spot.to.columnId) : ''
    const name = host.nameOf(step.id)
    const done =
      way === 'undo'
        ? `Undone: ${name} is back${where ? ` in ${where}` : ''}.`
        : `Redone: ${name}${where ? ` is in ${where}` : ''}.`
    const report = await replay(step, spot, done)
    if (report.status !== 'saved' && report.status !== 'queued' && history.value === taken.history)
      history.value = previous
    return report
  }

  return {
    history,
    remember,
    undo: () => travel('undo'),
    redo: () => travel('redo'),
    clear() {
      history.value = { past: [], future: [] }
    }
  }
}
