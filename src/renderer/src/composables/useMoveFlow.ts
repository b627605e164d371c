/**
 * Everything between "the user let go of a card" and the store: the stage-automation warning, the
 * loss reason, what outcome a destination implies, focus afterwards and the spoken result. Drag,
 * keyboard and the "Move to…" menu all come through `request`, so they behave the same.
 */
import { nextTick, shallowRef } from 'vue'
import type { Outcome } from '../../../shared/bridge'
import { NOT_YET_TEXT, type MoveReport, type useBoardStore } from '../stores/board'
import { automationWarnings } from '../board/automation'
import { customerName } from '../board/format'

export type MoveRequest =
  { id: number; to: { columnId: number; index: number } } | { id: number; outcome: 'won' | 'lost' }

export type DialogState =
  | { kind: 'automation'; name: string; stage: string; warnings: string[]; resolve: (go: boolean) => void }
  | { kind: 'loss'; name: string; resolve: (reason: number | null) => void }

type BoardStore = ReturnType<typeof useBoardStore>

export interface MoveFlowDeps {
  store: BoardStore
  announce: (text: string) => void
  /** Focuses card `id` if drawn; false when it is not. */
  focusCard: (id: number) => boolean
  /** Focuses something sensible in stage `columnId` (its first card, else the stage itself). */
  focusStage: (columnId: number) => void
}

export function useMoveFlow({ store, announce, focusCard, focusStage }: MoveFlowDeps) {
  const dialog = shallowRef<DialogState | null>(null)

  const askAutomation = (name: string, stage: string, warnings: string[]) =>
    new Promise<boolean>((resolve) => {
      dialog.value = { kind: 'automation', name, stage, warnings, resolve }
    })
  const askLossReason = (name: string) =>
    new Promise<number | null>((resolve) => {
      dialog.value = { kind: 'loss', name, resolve }
    })

  /** Called by the dialogs; closes the current one and answers its question. */
  function answer(value: boolean | number | null): void {
    const current = dialog.value
    dialog.value = null
    if (current?.kind === 'automation') current.resolve(value === true)
    if (current?.kind === 'loss') current.resolve(typeof value === 'number' ? value : null)
  }

  /** Focus on the card (or its stage); `ifLost`: only when focus fell to the page (the card went away). */
  async function refocus(id: number, fallbackColumn: number | null, ifLost = false): Promise<void> {
    await nextTick()
    const active = document.activeElement
    if (ifLost && active && active !== document.body) return
    if (!focusCard(id) && fallbackColumn !== null) focusStage(fallbackColumn)
  }

  function cancelled(id: number, focus: boolean): null {
    announce(`Move cancelled. ${store.nameOf(id)} is back where it was.`)
    if (focus) void refocus(id, null)
    return null
  }

  function spoken(report: MoveReport, id: number, done: string): void {
    if (report.status === 'saved') announce(done)
    else if (report.status === 'queued')
      announce(
        `${store.nameOf(id)} is not saved yet: Nexudus cannot be reached. It will be sent when it can.`
      )
    else if (report.status === 'forbidden')
      announce("Cards can't be moved: your Nexudus role may not edit them.")
  }

  /**
   * Moves a card after asking what must be asked. `focus`: put focus back on the card afterwards
   * (keyboard and menu moves; dialogs always give focus back).
   */
  async function request(req: MoveRequest, { focus = false } = {}): Promise<MoveReport | null> {
    const record = store.records.get(req.id)
    if (!record || dialog.value) return null
    const name = customerName(record)
    if (store.readOnly) {
      announce("Cards can't be moved: your Nexudus role may not edit opportunities.")
      return null
    }
    if (!store.canMove) {
      announce(NOT_YET_TEXT)
      return null
    }
    const origin = record.Status === 1 ? record.CrmBoardColumnId : null
    let asked = false

    if ('outcome' in req) {
      if ((req.outcome === 'won' && record.Status === 2) || (req.outcome === 'lost' && record.Status === 3))
        return null
      let outcome: Outcome = { status: 'won' }
      if (req.outcome === 'lost') {
        const reason = await askLossReason(name)
        if (reason === null) return cancelled(req.id, true)
        outcome = { status: 'lost', lossReason: reason }
        asked = true
      }
      const moving = store.closeCard(req.id, outcome)
      if (focus || asked) void refocus(req.id, origin)
      const report = await moving
      spoken(report, req.id, `${name} marked as ${outcome.status}.`)
      if (focus || asked) void refocus(req.id, origin, true)
      return report
    }

    const col = store.column(req.to.columnId)
    if (!col) return null
    const entering = record.Status !== 1 || record.CrmBoardColumnId !== col.Id
    if (!entering && (store.shown[col.Id] ?? []).indexOf(req.id) === req.to.index) return null
    let outcome: Outcome | undefined
    if (entering) {
      const warnings = automationWarnings(col, name)
      if (warnings.length) {
        asked = true
        if (!(await askAutomation(name, col.Name, warnings))) return cancelled(req.id, true)
      }
      if (col.LoseOpportunity) {
        asked = true
        const reason = await askLossReason(name)
        if (reason === null) return cancelled(req.id, true)
        outcome = { status: 'lost', lossReason: reason }
      } else if (col.WinOpportunity) outcome = { status: 'won' }
      else if (record.Status !== 1) outcome = { status: 'open' }
    }
    const moving = store.moveCard(req.id, col.Id, req.to.index, outcome)
    if (focus || asked) void refocus(req.id, col.Id)
    const report = await moving
    const done =
      outcome && outcome.status !== 'open'
        ? `${name} marked as ${outcome.status}.`
        : `${name} moved to ${col.Name}.`
    spoken(report, req.id, done)
    if (focus || asked) void refocus(req.id, report.status === 'saved' ? col.Id : origin, true)
    return report
  }

  return { dialog, answer, request }
}

export type MoveFlow = ReturnType<typeof useMoveFlow>
