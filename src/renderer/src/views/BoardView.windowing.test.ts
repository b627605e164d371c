// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia } from 'pinia'
import type { BoardSnapshot, MoveIntent } from '../../../shared/bridge'
import { fail, ok, type Result } from '../../../shared/result'
import { setApi } from '../services/api'
import { fakeApi, type FakeApi } from '../testing/fake-api'
import {
  cardsOf,
  FakeBoardServer,
  column,
  opportunity,
  sampleBoard,
  snapshot,
  withCards
} from '../testing/fake-board'
import { ITEM_HEIGHT } from '../board/window'
import { WINDOWING_KEY } from '../composables/useStageWindow'
import { useFiltersStore } from '../stores/filters'
import BoardView from './BoardView.vue'

const mounted: VueWrapper[] = []
afterEach(() => {
  while (mounted.length) mounted.pop()!.unmount()
  setApi(null)
  localStorage.clear()
  document.body.innerHTML = ''
})

const LONG = 300
/** Stage "Long" (1) with 300 cards (ids 1000…1299, each worth 10), stage "Short" (2) with 2. */
function longBoard(): BoardSnapshot {
  const cards = Array.from({ length: LONG }, (_, i) => opportunity(1000 + i, 1, (i + 1) * 10, { Value: 10 }))
  return snapshot(
    [column(1, 'Long'), column(2, 'Short')],
    [...cards, opportunity(21, 2, 10), opportunity(22, 2, 20)]
  )
}

interface Options {
  board?: BoardSnapshot
  cached?: () => Promise<Result<BoardSnapshot | null>>
  load?: () => Promise<Result<BoardSnapshot>>
}

async function open(options: Options = {}) {
  const board = options.board ?? longBoard()
  const server = new FakeBoardServer(board)
  const move = vi.fn(async (intent: MoveIntent) => server.move(intent))
  const bridge: FakeApi = fakeApi({
    board: {
      load: options.load ?? (async () => ok(structuredClone(board))),
      cached: options.cached ?? (async () => ok(null))
    },
    opportunity: { move }
  })
  setApi(bridge)
  const pinia = createPinia()
  const wrapper = mount(BoardView, {
    props: { board: board.board },
    global: { plugins: [pinia] },
    attachTo: document.body
  })
  mounted.push(wrapper)
  await flushPromises()
  return { wrapper, move, bridge, server, pinia }
}

const region = (name: string) =>
  [...document.querySelectorAll<HTMLElement>('[role="region"]')].find(
    (r) => r.getAttribute('aria-label') === name
  )!
const ids = (name: string) =>
  [...region(name).querySelectorAll('[role="listitem"]')].map((c) => Number(c.getAttribute('data-id')))
const card = (id: number) => document.querySelector<HTMLElement>(`[role="listitem"][data-id="${id}"]`)!
const list = (name: string) => region(name).querySelector<HTMLElement>('[role="list"]')!
const scroller = (name: string) => list(name).parentElement!
const frame = () => new Promise<void>((r) => requestAnimationFrame(() => r()))

async function scrollTo(name: string, top: number): Promise<void> {
  scroller(name).scrollTop = top
  scroller(name).dispatchEvent(new Event('scroll'))
  await frame()
  await flushPromises()
}

/** Each card drawn in a stage, top to bottom: [id, aria-posinset, aria-setsize]. */
function places(name: string): number[][] {
  return [...region(name).querySelectorAll('[role="listitem"]')].map((c) =>
    ['data-id', 'aria-posinset', 'aria-setsize'].map((a) => Number(c.getAttribute(a)))
  )
}
function press(target: HTMLElement, key: string): void {
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }))
}

const lists = (wrapper: VueWrapper) => wrapper.findAllComponents({ name: 'draggable' })
/** SortableJS, through vuedraggable: `event` with the card (by data-id) and its place among the drawn. */
function sortable(wrapper: VueWrapper, listIndex: number, event: string, payload: object) {
  lists(wrapper)[listIndex]!.vm.$emit(event, payload)
}

describe('BoardView: windowed stages', () => {
  it('draws only the cards near the visible part, with count and total over all of them', async () => {
    await open()
    const drawn = ids('Long')
    expect(drawn.length).toBeGreaterThan(5)
    expect(drawn.length).toBeLessThan(30)
    expect(drawn).toEqual(drawn.map((_, i) => 1000 + i))
    expect(region('Long').querySelector('.stage__count')?.textContent).toBe('300 open')
    expect(region('Long').textContent).toContain(
      new Intl.NumberFormat(undefined, { style: 'currency', currency: 'GBP' }).format(3000)
    )
    const pad = (name: string) => scroller('Long').style.getPropertyValue(name)
    expect(pad('--pad-top')).toBe('0px')
    expect(pad('--pad-bottom')).toBe(`${(LONG - drawn.length) * ITEM_HEIGHT}px`)
  })

  it('draws the cards that scroll into view, and pads for the ones above', async () => {
    await open()
    await scrollTo('Long', 150 * ITEM_HEIGHT)
    const drawn = ids('Long')
    expect(drawn).toContain(1150)
    expect(drawn).not.toContain(1000)
    const first = drawn[0]! - 1000
    expect(scroller('Long').style.getPropertyValue('--pad-top')).toBe(`${first * ITEM_HEIGHT}px`)
  })

  it('draws every card with the development switch off', async () => {
    localStorage.setItem(WINDOWING_KEY, 'off')
    await open()
    expect(ids('Long')).toHaveLength(LONG)
  })

  it('maps a drop in a scrolled stage to its place in the whole stage', async () => {
    const { wrapper, move } = await open()
    await scrollTo('Long', 100 * ITEM_HEIGHT)
    const drawn = ids('Long')
    const item = card(21)
    // Card 21 of "Short" lands as the third of the drawn cards of "Long" (SortableJS moves the
    // element itself there, then tells).
    list('Long').insertBefore(item, card(drawn[2]!))
    sortable(wrapper, 0, 'add', { item, newDraggableIndex: 2 })
    await flushPromises()
    expect(move).toHaveBeenCalledWith(
      expect.objectContaining({
        to: expect.objectContaining({ columnId: 1, afterId: drawn[1], beforeId: drawn[2] })
      })
    )
  })

  it('trusts the cards drawn around the drop over an index the window has moved past', async () => {
    const { wrapper, move } = await open()
    await scrollTo('Long', 100 * ITEM_HEIGHT)
    const drawn = ids('Long')
    const item = card(21)
    sortable(wrapper, 1, 'start', { item })
    list('Long').insertBefore(item, card(drawn[5]!))
    // The button goes up with the placeholder there…
    document.dispatchEvent(new MouseEvent('mouseup'))
    // …while SortableJS's index was counted against another window (a scroll redrew the stage).
    sortable(wrapper, 0, 'add', { item, to: list('Long'), newDraggableIndex: 1 })
    await flushPromises()
    expect(move).toHaveBeenCalledWith(
      expect.objectContaining({
        to: expect.objectContaining({ columnId: 1, afterId: drawn[4], beforeId: drawn[5] })
      })
    )
  })

  it('reads a move within a stage at the end of the drag, counting without the card itself', async () => {
    const { wrapper, move } = await open()
    const el = list('Long')
    sortable(wrapper, 0, 'start', { item: card(1001) })
    await flushPromises()
    // Dropped between the fourth and fifth drawn cards (1004 and 1005).
    el.insertBefore(card(1001), card(1005))
    sortable(wrapper, 0, 'end', { item: card(1001), to: el, from: el, newDraggableIndex: 4 })
    await flushPromises()
    expect(move).toHaveBeenCalledWith(
      expect.objectContaining({ to: expect.objectContaining({ columnId: 1, afterId: 1004, beforeId: 1005 }) })
    )
    expect(ids('Long').slice(0, 6)).toEqual([1000, 1002, 1003, 1004, 1001, 1005])
  })

  it('keeps the dragged element, wherever SortableJS put it, while the stage redraws under it', async () => {
    const { wrapper, move } = await open()
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const dragged = card(1003)
    sortable(wrapper, 0, 'start', { item: dragged })
    await flushPromises()
    // SortableJS moves the element itself into the other stage as the placeholder…
    list('Short').insertBefore(dragged, card(22))
    // …and auto-scroll takes the home stage far down, then back up past it.
    await scrollTo('Long', 200 * ITEM_HEIGHT)
    expect(ids('Long')).toContain(1200)
    expect(ids('Long')).toContain(1002)
    expect(dragged.isConnected).toBe(true)
    expect(dragged.parentElement).toBe(list('Short'))
    expect(ids('Short')).toEqual([21, 1003, 22])
    await scrollTo('Long', 0)
    expect(ids('Long')[0]).toBe(1000)
    expect(dragged.parentElement).toBe(list('Short'))
    // Let go outside any stage's new place: nothing moves, and the stage is drawn afresh.
    sortable(wrapper, 0, 'end', { item: dragged, to: list('Short'), from: list('Long') })
    await flushPromises()
    expect(move).not.toHaveBeenCalled()
    expect(dragged.isConnected).toBe(false)
    expect(ids('Short')).toEqual([21, 22])
    expect(ids('Long').slice(0, 5)).toEqual([1000, 1001, 1002, 1003, 1004])
    expect(warn).not.toHaveBeenCalled()
  })

  it('scrolls a long stage to keep a keyboard-lifted card in view', async () => {
    await open()
    card(1000).focus()
    card(1000).dispatchEvent(new KeyboardEvent('keydown', { key: ' ', bubbles: true, cancelable: true }))
    for (let i = 0; i < 40; i++) {
      document.activeElement!.dispatchEvent(
        new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true, cancelable: true })
      )
      await flushPromises()
    }
    expect(document.activeElement?.getAttribute('data-id')).toBe('1000')
    expect(scroller('Long').scrollTop).toBeGreaterThan(30 * ITEM_HEIGHT)
    expect(ids('Long')).toContain(1040)
  })
})

const BIG = 862
/** Stage "Big" (1) with 862 cards (ids 1000…1861, worth 10 and 20 in turn), stage "Short" (2) with 2. */
function bigBoard(): BoardSnapshot {
  const cards = Array.from({ length: BIG }, (_, i) =>
    opportunity(1000 + i, 1, (i + 1) * 10, { Value: i % 2 ? 20 : 10 })
  )
  return snapshot(
    [column(1, 'Big'), column(2, 'Short')],
    [...cards, opportunity(21, 2, 10), opportunity(22, 2, 20)]
  )
}

describe('BoardView: a windowed stage tells its size', () => {
  it('gives each drawn card its place in the whole stage, wherever it is scrolled', async () => {
    await open({ board: bigBoard() })
    expect(ids('Big').length).toBeLessThan(30)
    // Card 1000 + i is the (i + 1)th of 862.
    expect(places('Big')).toEqual(ids('Big').map((id) => [id, id - 999, BIG]))
    expect(places('Short')).toEqual([
      [21, 1, 2],
      [22, 2, 2]
    ])
    await scrollTo('Big', 500 * ITEM_HEIGHT)
    expect(ids('Big')).toContain(1500)
    expect(ids('Big')).not.toContain(1000)
    expect(places('Big')).toEqual(ids('Big').map((id) => [id, id - 999, BIG]))
    await scrollTo('Big', (BIG - 1) * ITEM_HEIGHT)
    expect(places('Big').at(-1)).toEqual([1861, BIG, BIG])
  })

  it('counts the cards the filter bar shows, not the ones it hides', async () => {
    const { pinia } = await open({ board: bigBoard() })
    useFiltersStore(pinia).filters.valueMin = 20
    await flushPromises()
    await scrollTo('Big', 100 * ITEM_HEIGHT)
    expect(region('Big').querySelector('.stage__count')?.textContent).toBe(`${BIG / 2} of ${BIG} open`)
    // Only the odd ids are shown: 1001 is the first of 431, 1003 the second…
    const drawn = ids('Big')
    expect(drawn).toContain(1201)
    expect(drawn.every((id) => id % 2 === 1)).toBe(true)
    expect(places('Big')).toEqual(drawn.map((id) => [id, (id - 999) / 2, BIG / 2]))
  })

  it('follows a card moved into the stage, while it is lifted and once it is dropped', async () => {
    const { move } = await open({ board: bigBoard() })
    card(21).focus()
    for (const key of [' ', 'ArrowLeft', 'ArrowDown', 'ArrowDown']) {
      press(card(21), key)
      await flushPromises()
    }
    const expected = [
      [1000, 1, BIG + 1],
      [1001, 2, BIG + 1],
      [21, 3, BIG + 1],
      [1002, 4, BIG + 1]
    ]
    expect(places('Big').slice(0, 4)).toEqual(expected)
    expect(places('Short')).toEqual([[22, 1, 1]])
    press(card(21), ' ')
    await flushPromises()
    expect(move).toHaveBeenCalledWith(
      expect.objectContaining({ to: expect.objectContaining({ columnId: 1, afterId: 1001, beforeId: 1002 }) })
    )
    expect(places('Big').slice(0, 4)).toEqual(expected)
    expect(places('Short')).toEqual([[22, 1, 1]])
    const last = ids('Big').at(-1)!
    expect(places('Big').at(-1)).toEqual([last, last - 998, BIG + 1])
  })

  it('does the same with every card drawn (windowing off)', async () => {
    localStorage.setItem(WINDOWING_KEY, 'off')
    await open()
    const all = places('Long')
    expect(all).toHaveLength(LONG)
    expect(all).toEqual(all.map(([id]) => [id, id! - 999, LONG]))
  })
})

describe('BoardView: the saved copy and loading', () => {
  it('draws the saved copy with a "Refreshing…" note and no drags, then the server board', async () => {
    let load: (r: Result<BoardSnapshot>) => void = () => {}
    const saved = withCards(
      sampleBoard(),
      cardsOf(sampleBoard()).filter((o) => o.Id !== 13)
    )
    const { wrapper } = await open({
      board: sampleBoard(),
      cached: async () => ok(saved),
      load: () => new Promise((r) => (load = r))
    })
    expect(wrapper.attributes('data-state')).toBe('ready')
    expect(wrapper.attributes('data-source')).toBe('cache')
    expect(wrapper.text()).toContain('Refreshing…')
    expect(wrapper.text()).toContain('cards can be moved once it is up to date')
    expect(ids('Enquiry')).toEqual([11, 12])
    const options = (lists(wrapper)[0]!.vm as unknown as { _sortable: { option(k: string): unknown } })
      ._sortable
    expect(options.option('disabled')).toBe(true)
    expect(card(11).querySelector('button')).toBeNull()
    scroller('Enquiry').scrollTop = 40
    load(ok(sampleBoard()))
    await flushPromises()
    expect(wrapper.attributes('data-source')).toBe('server')
    expect(wrapper.text()).not.toContain('Refreshing…')
    expect(ids('Enquiry')).toEqual([11, 12, 13])
    expect(options.option('disabled')).toBe(false)
    expect(scroller('Enquiry').scrollTop).toBe(40)
  })

  it('says so when the refresh fails, keeps the saved copy, and tries again', async () => {
    let answer: Result<BoardSnapshot> = fail({ kind: 'Network', message: 'offline' })
    const { wrapper } = await open({
      board: sampleBoard(),
      cached: async () => ok(sampleBoard()),
      load: async () => answer
    })
    expect(wrapper.attributes('data-source')).toBe('cache')
    expect(wrapper.text()).toContain("Couldn't refresh.")
    answer = ok(sampleBoard())
    const retry = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Try again')!
    retry.click()
    await flushPromises()
    expect(wrapper.attributes('data-source')).toBe('server')
  })

  it('shows how many opportunities have loaded while the board loads', async () => {
    let load: (r: Result<BoardSnapshot>) => void = () => {}
    const { wrapper, bridge } = await open({
      board: sampleBoard(),
      load: () => new Promise((r) => (load = r))
    })
    expect(wrapper.attributes('data-state')).toBe('loading')
    bridge.emit('board.progress', { boardId: 1, loaded: 2000, total: 5000 })
    await flushPromises()
    const n = (v: number) => new Intl.NumberFormat().format(v)
    expect(wrapper.find('[role="status"]').text()).toBe(`Loading ${n(2000)} of ${n(5000)} opportunities…`)
    const bar = wrapper.find('progress')
    expect(bar.attributes('value')).toBe('2000')
    expect(bar.attributes('max')).toBe('5000')
    load(ok(sampleBoard()))
    await flushPromises()
    expect(wrapper.attributes('data-state')).toBe('ready')
    expect(wrapper.attributes('data-source')).toBe('server')
  })
})
