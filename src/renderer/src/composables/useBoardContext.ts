/**
 * The board's shared machinery, created once by BoardView and injected by its parts: the move
 * flow (dialogs), keyboard moving, drag handlers, the one "Move to…" menu, the details drawer and
 * "New opportunity" dialog (which card or stage they are open for), focus helpers and today's
 * date (for "Overdue"). Stages are windowed: a card may not be drawn, so focusing one
 * first asks its stage (registerStage) to scroll it into view.
 */
import { inject, nextTick, provide, ref, shallowRef, type InjectionKey, type Ref } from 'vue'
import { useIntervalFn } from '@vueuse/core'
import { useBoardStore } from '../stores/board'
import { todayKey } from '../board/format'
import { useAnnouncer } from './useAnnouncer'
import { useMoveFlow } from './useMoveFlow'
import { useKeyboardMove } from './useKeyboardMove'
import { useDragHandlers } from './useDragHandlers'
import { useDetailsOpen } from './useDetailsOpen'

export interface MenuState {
  id: number
  anchor: HTMLElement
}

function createBoardContext(root: Ref<HTMLElement | null>) {
  const store = useBoardStore()
  const { announce } = useAnnouncer()
  const today = ref(todayKey())
  useIntervalFn(() => (today.value = todayKey()), 60_000)

  /** Per stage: scrolls card `index` of that stage into view (and draws it). */
  const stages = new Map<number, (index: number) => void>()
  function registerStage(columnId: number, reveal: (index: number) => void): () => void {
    stages.set(columnId, reveal)
    return () => {
      if (stages.get(columnId) === reveal) stages.delete(columnId)
    }
  }

  const cardElement = (id: number) =>
    root.value?.querySelector<HTMLElement>(`[role="listitem"][data-id="${id}"]:not(.sortable-fallback)`)

  /** Focuses card `id`; one its stage does not draw now is scrolled into view first. */
  function focusCard(id: number): boolean {
    const el = cardElement(id)
    if (el) {
      el.focus()
      return true
    }
    for (const columnId of store.columnIds) {
      const index = store.shown[columnId]?.indexOf(id) ?? -1
      const reveal = stages.get(columnId)
      if (index === -1 || !reveal) continue
      reveal(index)
      void nextTick(() => cardElement(id)?.focus())
      return true
    }
    return false
  }

  /**
   * Before card `id` leaves the board: answers what focuses the card drawn after it (else the one
   * before it, else its stage or zone) once it has gone.
   */
  function focusAfterRemoval(id: number): () => void {
    const el = cardElement(id)
    const sibling = (step: 'nextElementSibling' | 'previousElementSibling') => {
      for (let n = el?.[step]; n; n = n[step]) {
        const other = Number((n as HTMLElement).dataset?.id)
        if (Number.isSafeInteger(other) && other > 0) return other
      }
      return null
    }
    const next = sibling('nextElementSibling') ?? sibling('previousElementSibling')
    const region = el?.closest<HTMLElement>('[role="region"]')
    return () => {
      if (next !== null && focusCard(next)) return
      if (region?.isConnected && region.hasAttribute('tabindex')) region.focus()
      else root.value?.querySelector<HTMLElement>('h1')?.focus()
    }
  }

  function focusStage(columnId: number): void {
    const stage = root.value?.querySelector<HTMLElement>(`[data-column-id="${columnId}"]`)
    const first = stage?.querySelector<HTMLElement>('[role="listitem"][data-id]')
    ;(first ?? stage)?.focus()
  }

  const menu = shallowRef<MenuState | null>(null)
  const openMenu = (id: number, anchor: HTMLElement) => (menu.value = { id, anchor })
  const closeMenu = () => (menu.value = null)

  const flow = useMoveFlow({ store, announce, focusCard, focusStage })
  const drag = useDragHandlers(flow)
  const details = useDetailsOpen({
    dragging: () => drag.dragging.value,
    justEnded: drag.justEnded,
    focusCard,
    focusHome: () => root.value?.querySelector<HTMLElement>('h1')?.focus()
  })
  const keyboard = useKeyboardMove({
    store,
    flow,
    announce,
    focusCard,
    openMenu,
    openDetails: details.openDetails
  })

  return {
    store,
    today,
    announce,
    focusCard,
    focusStage,
    focusAfterRemoval,
    registerStage,
    menu,
    openMenu,
    closeMenu,
    flow,
    keyboard,
    drag,
    details
  }
}

export type BoardContext = ReturnType<typeof createBoardContext>

const KEY: InjectionKey<BoardContext> = Symbol('board-context')

export function provideBoardContext(root: Ref<HTMLElement | null>): BoardContext {
  const context = createBoardContext(root)
  provide(KEY, context)
  return context
}

export function useBoardContext(): BoardContext {
  const context = inject(KEY)
  if (!context) throw new Error('useBoardContext() outside a board view')
  return context
}
