/**
 * Moving a card without a mouse: Space picks the focused card up, arrows move it (within the
 * stage, or to the stage on either side), Space drops it through the same path as a drag, Escape
 * puts it back. Each step is spoken. Without a lifted card, arrows walk between cards, Enter opens
 * the card's details, and the context-menu key or Shift+F10 opens "Move to…".
 */
import { nextTick, shallowRef } from 'vue'
import { NOT_YET_TEXT, type useBoardStore } from '../stores/board'
import {
  isArrow,
  isHome,
  othersIn,
  pickUp,
  positionText,
  step,
  type Layout,
  type Lift
} from '../board/keyboard'
import type { MoveFlow } from './useMoveFlow'

export interface KeyboardDeps {
  store: ReturnType<typeof useBoardStore>
  flow: MoveFlow
  announce: (text: string) => void
  focusCard: (id: number) => boolean
  openMenu: (id: number, anchor: HTMLElement) => void
  openDetails: (id: number) => void
}

export function useKeyboardMove({ store, flow, announce, focusCard, openMenu, openDetails }: KeyboardDeps) {
  const lift = shallowRef<Lift | null>(null)

  const layout = (): Layout => ({ columnIds: store.columnIds, order: (col) => store.shown[col] ?? [] })
  const stageName = (col: number) => store.column(col)?.Name ?? ''

  function where(l: Lift): string {
    return positionText(
      store.nameOf(l.id),
      stageName(l.at.columnId),
      l.at.index,
      othersIn(l, l.at.columnId, layout()) + 1
    )
  }

  async function keepFocus(id: number): Promise<void> {
    await nextTick()
    focusCard(id)
  }

  function cancel(): void {
    const l = lift.value
    if (!l) return
    lift.value = null
    announce(`Move cancelled. ${where({ ...l, at: l.origin })}.`)
    void keepFocus(l.id)
  }

  function drop(): void {
    const l = lift.value
    if (!l) return
    lift.value = null
    if (isHome(l)) {
      announce(`Dropped. ${where(l)}, unchanged.`)
      void keepFocus(l.id)
      return
    }
    void flow.request({ id: l.id, to: l.at }, { focus: true })
  }

  /** Arrow keys without a lifted card: walk to the neighbouring card. */
  function walk(id: number, key: string): boolean {
    const start = pickUp(id, layout())
    if (!start) return false
    const { columnIds } = layout()
    const { columnId, index } = start.at
    let target: number | undefined
    if (key === 'ArrowUp') target = store.shown[columnId]?.[index - 1]
    else if (key === 'ArrowDown') target = store.shown[columnId]?.[index + 1]
    else {
      const here = columnIds.indexOf(columnId)
      for (
        let i = here + (key === 'ArrowLeft' ? -1 : 1);
        i >= 0 && i < columnIds.length;
        i += key === 'ArrowLeft' ? -1 : 1
      ) {
        const order = store.shown[columnIds[i]!] ?? []
        if (order.length) {
          target = order[Math.min(index, order.length - 1)]
          break
        }
      }
    }
    return target !== undefined && focusCard(target)
  }

  function onCardKeydown(event: KeyboardEvent, id: number): void {
    // Keys on the card's own buttons are theirs.
    if (event.target !== event.currentTarget) return
    const key = event.key
    const l = lift.value
    if (l && l.id === id) {
      if (key === ' ' || key === 'Enter') drop()
      else if (key === 'Escape' || key === 'Tab') cancel()
      else if (isArrow(key)) {
        const next = step(l, key, layout())
        if (next !== l) {
          lift.value = next
          void keepFocus(id)
        }
        announce(where(next))
      } else return
      if (key !== 'Tab') event.preventDefault()
      return
    }
    if (key === ' ') {
      event.preventDefault()
      if (l) cancel()
      if (store.readOnly)
        return announce("Cards can't be moved: your Nexudus role may not edit opportunities.")
      if (!store.canMove) return announce(NOT_YET_TEXT)
      const picked = pickUp(id, layout())
      if (!picked) return
      lift.value = picked
      announce(`Picked up ${store.nameOf(id)}. Arrow keys move it, Space drops, Escape cancels.`)
    } else if (key === 'Enter' && !l) {
      event.preventDefault()
      openDetails(id)
    } else if ((key === 'ContextMenu' || (key === 'F10' && event.shiftKey)) && store.canMove) {
      event.preventDefault()
      openMenu(id, event.currentTarget as HTMLElement)
    } else if (isArrow(key) && !event.altKey && !event.ctrlKey && !event.metaKey) {
      if (walk(id, key)) event.preventDefault()
    }
  }

  return { lift, onCardKeydown, cancel }
}
