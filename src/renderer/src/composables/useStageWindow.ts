/**
 * Windowing for one stage's list (the arithmetic is in board/window.ts): follows the list's
 * scrollTop (a passive listener, read at most once a frame) and its height (ResizeObserver), and
 * answers the slice of the stage to draw, with the padding that stands in for the rest.
 *
 * While a card of this stage is dragged, `pins` keep it and the card above it drawn wherever the
 * stage scrolls: SortableJS has moved that element (it is the placeholder), and Vue must never
 * move it, remove it or insert a card before it. `min` keeps at least as many cards drawn as when
 * the drag began (vuedraggable puts the element back at its old DOM index on drop).
 *
 * Development switch for benchmarks: with localStorage 'pipeline.dev.windowing' set to 'off' every
 * card of every stage is drawn (the naive board).
 */
import { computed, onBeforeUnmount, onMounted, shallowRef, type Ref } from 'vue'
import { OVERSCAN, atLeast, revealScrollTop, sliceOf, visibleRange, type Range } from '../board/window'
import { ITEM_HEIGHTS, useDisplayStore } from '../stores/display'

export const WINDOWING_KEY = 'pipeline.dev.windowing'

/** The card height of the chosen density (stores/display.ts), read where the arithmetic needs it. */
function itemHeight(): number {
  return ITEM_HEIGHTS[useDisplayStore().density]
}

/** False when the development switch asks for every card to be drawn. */
export function windowingOn(): boolean {
  try {
    return localStorage.getItem(WINDOWING_KEY) !== 'off'
  } catch {
    return true
  }
}

/** The list's own top padding (StageColumn.vue, var(--space-1)), before the first card. */
const LIST_PADDING = 4

export interface StageWindowOptions {
  count: () => number
  pins: () => readonly number[]
  min: () => number
}

export function useStageWindow(list: Readonly<Ref<HTMLElement | null>>, options: StageWindowOptions) {
  const enabled = windowingOn()
  const scrollTop = shallowRef(0)
  const height = shallowRef(typeof window === 'undefined' ? 800 : window.innerHeight)
  let frame = 0
  let observer: ResizeObserver | null = null

  const onScroll = (): void => {
    if (frame) return
    frame = requestAnimationFrame(() => {
      frame = 0
      if (list.value) scrollTop.value = list.value.scrollTop
    })
  }

  const range = computed<Range>((previous) => {
    const count = options.count()
    const next = enabled
      ? atLeast(
          visibleRange(scrollTop.value - LIST_PADDING, height.value, itemHeight(), count, OVERSCAN),
          options.min(),
          count
        )
      : { start: 0, end: count }
    return previous && previous.start === next.start && previous.end === next.end ? previous : next
  })

  const slice = computed(() =>
    sliceOf(range.value, enabled ? options.pins() : [], options.count(), enabled ? itemHeight() : 0)
  )

  /** Scrolls the list (if needed) so card `index` is in view, and draws it in this render. */
  function reveal(index: number): void {
    const el = list.value
    if (!el || !enabled) return
    const view = el.clientHeight || height.value
    const top = revealScrollTop(index, el.scrollTop, view, itemHeight(), LIST_PADDING)
    if (top !== el.scrollTop) el.scrollTop = top
    scrollTop.value = el.scrollTop
  }

  onMounted(() => {
    const el = list.value
    if (!el || !enabled) return
    el.addEventListener('scroll', onScroll, { passive: true })
    // Not el.clientHeight here: reading it forces a layout of the whole board in the middle of
    // the first render (~60 ms at start); the observer's first call comes after layout, before paint.
    if (typeof ResizeObserver === 'undefined') {
      if (el.clientHeight > 0) height.value = el.clientHeight
      return
    }
    let first = true
    observer = new ResizeObserver(() => {
      // Read after layout, so this forces none; the border box ignores the windowing padding.
      const measured = list.value?.clientHeight ?? 0
      // The first measurement is below the guess (the window's height, which holds the list):
      // the first drawing then has a card or two more than needed below the fold, which costs
      // less than drawing and laying out the whole board again before its first paint.
      const keepGuess = first && measured <= height.value
      first = false
      if (measured > 0 && !keepGuess) height.value = measured
    })
    observer.observe(el, { box: 'border-box' })
  })

  onBeforeUnmount(() => {
    list.value?.removeEventListener('scroll', onScroll)
    observer?.disconnect()
    if (frame) cancelAnimationFrame(frame)
  })

  return { enabled, slice, reveal }
}
