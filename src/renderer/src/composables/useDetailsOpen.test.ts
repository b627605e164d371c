// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest'
import { useDetailsOpen } from './useDetailsOpen'
import { useDragHandlers } from './useDragHandlers'
import type { MoveFlow } from './useMoveFlow'

function setup(dragging = false, justEnded = false) {
  const focusCard = vi.fn(() => true)
  const focusHome = vi.fn()
  const open = useDetailsOpen({ dragging: () => dragging, justEnded: () => justEnded, focusCard, focusHome })
  const card = document.createElement('div')
  const inner = document.createElement('span')
  const menu = document.createElement('button')
  card.append(inner, menu)
  const click = (target: HTMLElement, x = 10, y = 10) => {
    const event = new MouseEvent('click', { clientX: x, clientY: y, bubbles: true })
    Object.defineProperty(event, 'target', { value: target })
    open.onCardClick(event, 7)
  }
  const down = (x = 10, y = 10) =>
    open.onCardPointerDown(new MouseEvent('pointerdown', { clientX: x, clientY: y }) as PointerEvent)
  return { open, card, inner, menu, click, down, focusCard }
}

describe('useDetailsOpen', () => {
  it('opens on a click on the card', () => {
    const { open, inner, click, down } = setup()
    down()
    click(inner, 11, 11)
    expect(open.detailsId.value).toBe(7)
  })

  it("ignores a click on the card's own buttons", () => {
    const { open, menu, click } = setup()
    click(menu)
    expect(open.detailsId.value).toBeNull()
  })

  it('ignores the click that ends a drag', () => {
    const moved = setup()
    moved.down(10, 10)
    moved.click(moved.inner, 30, 12)
    expect(moved.open.detailsId.value).toBeNull()
    const justDropped = setup(false, true)
    justDropped.click(justDropped.inner)
    expect(justDropped.open.detailsId.value).toBeNull()
    const dragging = setup(true)
    dragging.click(dragging.inner)
    expect(dragging.open.detailsId.value).toBeNull()
  })

  it('gives focus back to the card on close, and opens one thing at a time', async () => {
    const { open, focusCard } = setup()
    open.openDetails(7)
    open.openCreate(2)
    expect(open.createIn.value).toBeNull()
    await open.closeDetails()
    expect(focusCard).toHaveBeenCalledWith(7)
    open.openCreate(2)
    open.openDetails(7)
    expect(open.detailsId.value).toBeNull()
    expect(open.createIn.value).toBe(2)
  })
})

describe('useDragHandlers.justEnded', () => {
  it('holds from a drop until the current task is over', async () => {
    const drag = useDragHandlers({} as MoveFlow)
    const item = document.createElement('div')
    item.dataset.id = '7'
    drag.onStart(1, { item })
    drag.onEnd()
    expect(drag.justEnded()).toBe(true)
    await new Promise((done) => setTimeout(done, 0))
    expect(drag.justEnded()).toBe(false)
  })
})
