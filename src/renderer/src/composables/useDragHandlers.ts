/**
 * What a drag tells us turned into a move request. Lists are bound with :model-value and never
 * changed by the drag itself: vuedraggable puts the DOM back, and the card moves only when the
 * store moves it (at once, unless a dialog must answer first).
 *
 * Stages are windowed (StageColumn.vue), and may draw other cards by the time the card is dropped
 * than when it was picked up (auto-scroll). So a stage reads a drop from SortableJS's own events
 * (`add` from another list, `end` within the same list): the card's data-id and
 * `newDraggableIndex`, its place among the cards drawn at the drop, which the stage maps to the
 * whole stage (board/window.ts). vuedraggable's `change` indexes assume nothing was redrawn during
 * the drag, and SortableJS's `update` compares DOM indexes; the drawer's zones still use `change`.
 */
import { computed, shallowRef } from 'vue'
import type { BoardCard } from '../../../shared/card'
import type { MoveFlow } from './useMoveFlow'

interface Change {
  added?: { element: BoardCard; newIndex: number }
  moved?: { element: BoardCard; oldIndex: number; newIndex: number }
  removed?: { element: BoardCard; oldIndex: number }
}

/** The parts of a SortableJS event we read. */
export interface SortableDrop {
  item: HTMLElement
  /** The list the card was dropped in, and the one it came from (on `end`). */
  to?: HTMLElement
  from?: HTMLElement
  /** Where the card landed among the list's cards other than itself. */
  newDraggableIndex?: number
}

/** The card being dragged, and the stage it came from (null: the drawer). */
export interface DragState {
  id: number
  from: number | null
}

/**
 * SortableJS options shared by every list of cards: real mouse events (fallback), no animation
 * (it measures every card of both lists on each move), auto-scroll of the stage under the pointer
 * and, bubbling up, of the board sideways.
 */
export const dragOptions = {
  forceFallback: true,
  fallbackTolerance: 3,
  fallbackOnBody: true,
  animation: 0,
  ghostClass: 'card--ghost',
  chosenClass: 'card--chosen',
  dragClass: 'card--drag',
  filter: '.card__menu-button',
  preventOnFilter: false,
  scroll: true,
  scrollSensitivity: 80,
  scrollSpeed: 14,
  bubbleScroll: true
} as const

/** The cards drawn just above and below the dragged one when the button was released. */
export interface DropSight {
  item: HTMLElement
  list: HTMLElement | null
  prev: number | null
  next: number | null
}

const cardIdOf = (el: Element): number | null => {
  const id = Number((el as HTMLElement).dataset?.id)
  return Number.isSafeInteger(id) && id > 0 ? id : null
}

function sightOf(item: HTMLElement): DropSight {
  const idFrom = (start: Element | null, step: 'previousElementSibling' | 'nextElementSibling') => {
    for (let el = start; el; el = el[step]) {
      const id = cardIdOf(el)
      if (id !== null) return id
    }
    return null
  }
  return {
    item,
    list: item.parentElement,
    prev: idFrom(item.previousElementSibling, 'previousElementSibling'),
    next: idFrom(item.nextElementSibling, 'nextElementSibling')
  }
}

/** The card id a SortableJS event is about (every card carries data-id). */
export function draggedId(event: SortableDrop): number | null {
  const id = Number(event.item.dataset.id)
  return Number.isSafeInteger(id) && id > 0 ? id : null
}

export function useDragHandlers(flow: MoveFlow) {
  const active = shallowRef<DragState | null>(null)
  const dragging = computed(() => active.value !== null)
  /**
   * Where the placeholder sat when the button went up, read before SortableJS handles the drop
   * (a capturing listener runs first) and before vuedraggable puts the DOM back. A windowed stage
   * may redraw between the last placeholder move and the drop, so this, what the user saw, is
   * the drop's truth; SortableJS's index is kept only as a fallback.
   */
  let sight: DropSight | null = null
  /**
   * A drag has just ended: true from the drop until the browser's current task is done, which is
   * when the click that ends a drag arrives (it comes from the same pointer release). That click
   * opens nothing.
   */
  let justEnded = false
  let stopWatching: (() => void) | null = null

  function watchRelease(item: HTMLElement): void {
    stopWatching?.()
    const read = () => (sight = sightOf(item))
    const events = ['mouseup', 'pointerup', 'touchend'] as const
    for (const name of events) document.addEventListener(name, read, true)
    stopWatching = () => {
      for (const name of events) document.removeEventListener(name, read, true)
      stopWatching = null
    }
  }

  /** What was seen around `item` at the release, if it was released in `list`. */
  function sightAt(item: HTMLElement, list: HTMLElement | null | undefined): DropSight | null {
    return sight && sight.item === item && list && sight.list === list ? sight : null
  }

  /** A card dropped into stage `columnId` at `index` among the stage's other cards. */
  function onStageDrop(columnId: number, id: number, index: number): void {
    void flow.request({ id, to: { columnId, index } })
  }

  /** For the drawer's Won and Lost zones. */
  function onClosedChange(outcome: 'won' | 'lost', change: Change): void {
    if (change.added) void flow.request({ id: change.added.element.Id, outcome })
  }

  function onStart(from: number | null, event: SortableDrop): void {
    const id = draggedId(event)
    active.value = id === null ? null : { id, from }
    sight = null
    if (typeof document !== 'undefined') watchRelease(event.item)
  }

  return {
    active,
    dragging,
    onStageDrop,
    onClosedChange,
    onStart,
    sightAt,
    justEnded: () => justEnded,
    onEnd: () => {
      active.value = null
      justEnded = true
      setTimeout(() => (justEnded = false), 0)
      stopWatching?.()
    }
  }
}
