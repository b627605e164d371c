/**
 * Which opportunity the details drawer shows, and which stage the "New opportunity" dialog adds
 * to; BoardView draws both lazily (they bring zod). A card opens the drawer on a click, but not a
 * click on one of its own buttons nor the one that ends a drag, and on Enter (useKeyboardMove).
 * Closing gives focus back to the card.
 */
import { nextTick, shallowRef } from 'vue'

export interface DetailsOpenDeps {
  /** A drag is under way, or has just ended (its closing click is not one to open on). */
  dragging: () => boolean
  justEnded: () => boolean
  focusCard: (id: number) => boolean
  /** Where focus goes when the card is no longer drawn (e.g. it was marked won). */
  focusHome: () => void
}

/** A press that travelled further than this is a drag, not a click (SortableJS starts at 3 px). */
const CLICK_SLOP_PX = 3

export function useDetailsOpen({ dragging, justEnded, focusCard, focusHome }: DetailsOpenDeps) {
  const detailsId = shallowRef<number | null>(null)
  /** The stage the "New opportunity" dialog adds to, while it is open. */
  const createIn = shallowRef<number | null>(null)
  let press: { x: number; y: number } | null = null

  function openDetails(id: number): void {
    if (createIn.value === null) detailsId.value = id
  }

  async function closeDetails(returnFocus = true): Promise<void> {
    const id = detailsId.value
    detailsId.value = null
    if (!returnFocus || id === null) return
    await nextTick()
    if (!focusCard(id)) focusHome()
  }

  function openCreate(columnId: number): void {
    if (detailsId.value === null) createIn.value = columnId
  }

  function closeCreate(): void {
    createIn.value = null
  }

  function onCardPointerDown(event: PointerEvent): void {
    press = { x: event.clientX, y: event.clientY }
  }

  function onCardClick(event: MouseEvent, id: number): void {
    const start = press
    press = null
    if (event.button !== 0 || event.defaultPrevented) return
    if ((event.target as Element | null)?.closest?.('button, a, input, select, textarea')) return
    if (dragging() || justEnded()) return
    if (start && Math.hypot(event.clientX - start.x, event.clientY - start.y) > CLICK_SLOP_PX) return
    openDetails(id)
  }

  return {
    detailsId,
    createIn,
    openDetails,
    closeDetails,
    openCreate,
    closeCreate,
    onCardPointerDown,
    onCardClick
  }
}

export type DetailsOpen = ReturnType<typeof useDetailsOpen>
