// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia } from 'pinia'
import type { BoardSnapshot, MoveIntent, MoveResult } from '../../../shared/bridge'
import { fail, ok, type Result } from '../../../shared/result'
import { setApi } from '../services/api'
import { fakeApi } from '../testing/fake-api'
import { FakeBoardServer, sampleBoard } from '../testing/fake-board'
import { READ_ONLY_TEXT } from '../stores/board'
import BoardView from './BoardView.vue'

const mounted: VueWrapper[] = []
afterEach(() => {
  while (mounted.length) mounted.pop()!.unmount()
  setApi(null)
  document.body.innerHTML = ''
})

type Move = (intent: MoveIntent) => Promise<Result<MoveResult>>

async function open(
  options: { board?: BoardSnapshot; move?: Move; load?: () => Promise<Result<BoardSnapshot>> } = {}
) {
  const board = options.board ?? sampleBoard()
  const server = new FakeBoardServer(board)
  const move = vi.fn(options.move ?? (async (intent: MoveIntent) => server.move(intent)))
  const load = vi.fn(options.load ?? (async () => ok(structuredClone(board))))
  setApi(fakeApi({ board: { load }, opportunity: { move } }))
  const wrapper = mount(BoardView, {
    props: { board: board.board },
    global: { plugins: [createPinia()] },
    attachTo: document.body
  })
  mounted.push(wrapper)
  await flushPromises()
  return { wrapper, server, move, load }
}

const $ = <T extends Element = HTMLElement>(selector: string) => document.querySelector<T>(selector)
const $$ = (selector: string) => [...document.querySelectorAll<HTMLElement>(selector)]
const region = (name: string) => $$('[role="region"]').find((r) => r.getAttribute('aria-label') === name)!
const ids = (name: string) =>
  [...region(name).querySelectorAll('[role="listitem"]')].map((c) => Number(c.getAttribute('data-id')))
const card = (id: number) => $<HTMLElement>(`[role="listitem"][data-id="${id}"]`)!
const button = (name: string, root: ParentNode = document) =>
  [...root.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent?.trim() === name)
const status = () => $$('[role="status"][aria-live="polite"]')[0]!.textContent
const named = (role: string, name: string) =>
  $$(`[role="${role}"]`).find(
    (el) => document.getElementById(el.getAttribute('aria-labelledby') ?? '')?.textContent === name
  )

function press(target: HTMLElement, key: string, extra: KeyboardEventInit = {}) {
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...extra }))
}

const lists = (wrapper: VueWrapper) => wrapper.findAllComponents({ name: 'draggable' })

/**
 * What SortableJS reports (through vuedraggable) after a drop on a stage: the card, by its
 * data-id, and where it landed among the cards drawn there. The lists themselves never change.
 */
function drop(wrapper: VueWrapper, listIndex: number, id: number, index: number, event = 'add') {
  const item = document.createElement('div')
  item.dataset.id = String(id)
  lists(wrapper)[listIndex]!.vm.$emit(event, { item, newDraggableIndex: index })
}

/** vuedraggable's change event, which the drawer's zones use. */
function dropOnZone(wrapper: VueWrapper, listIndex: number, id: number) {
  lists(wrapper)[listIndex]!.vm.$emit('change', { added: { element: { Id: id }, newIndex: 0 } })
}

describe('BoardView', () => {
  it('draws the stages as regions with counts, totals and cards, and says ready', async () => {
    const { wrapper } = await open()
    expect(wrapper.attributes('data-state')).toBe('ready')
    expect($$('[role="region"]').map((r) => r.getAttribute('aria-label'))).toEqual([
      'Enquiry',
      'Tour booked',
      'Won',
      'Lost'
    ])
    expect(ids('Enquiry')).toEqual([11, 12, 13])
    expect(region('Enquiry').querySelector('[role="list"]')).not.toBeNull()
    expect(region('Enquiry').textContent).toContain('3')
    expect(region('Enquiry').textContent).toContain(
      new Intl.NumberFormat(undefined, { style: 'currency', currency: 'GBP' }).format(3600)
    )
    const first = card(11)
    expect(first.getAttribute('tabindex')).toBe('0')
    expect(first.getAttribute('aria-label')).toMatch(/^Customer 11, Company 11, Hot desk, /)
    expect(ids('Won')).toEqual([])
    expect(region('Won').textContent).toContain('Drop here to mark as won')
  })

  it('says what went wrong when the board does not load, and tries again', async () => {
    let answer: Result<BoardSnapshot> = fail({ kind: 'Network', message: 'x' })
    const { wrapper } = await open({ load: async () => answer })
    expect(wrapper.attributes('data-state')).toBe('error')
    expect($('[role="alert"]')?.textContent).toMatch(/reach/)
    answer = ok(sampleBoard())
    button('Try again')!.click()
    await flushPromises()
    expect(wrapper.attributes('data-state')).toBe('ready')
  })

  it('moves a dropped card at once, marks it saving, then shows it saved', async () => {
    let release: () => void = () => {}
    const server = new FakeBoardServer(sampleBoard())
    const { wrapper, move } = await open({
      move: (intent) => new Promise((r) => (release = () => r(server.move(intent))))
    })
    drop(wrapper, 1, 12, 1)
    await flushPromises()
    expect(move).toHaveBeenCalledWith(
      expect.objectContaining({ to: expect.objectContaining({ columnId: 2, afterId: 21, beforeId: 22 }) })
    )
    expect(ids('Tour booked')).toEqual([21, 12, 22])
    expect(card(12).getAttribute('aria-busy')).toBe('true')
    expect(card(12).getAttribute('data-saving')).toBe('true')
    expect(card(12).textContent).toContain('Saving…')
    release()
    await flushPromises()
    expect(card(12).hasAttribute('aria-busy')).toBe(false)
    expect(ids('Tour booked')).toEqual(server.openOrder(2))
  })

  it('puts a failed move back and says why in an alert', async () => {
    const { wrapper } = await open({
      move: async () => fail({ kind: 'Server', message: 'Nexudus is down.' })
    })
    drop(wrapper, 1, 12, 0)
    await flushPromises()
    expect(ids('Enquiry')).toEqual([11, 12, 13])
    expect($('[role="alert"]')?.textContent).toContain(
      "Couldn't move Customer 12: Nexudus is down. It is back where it was."
    )
  })

  it('asks why before a move to Lost; Cancel sends nothing, a reason marks it lost', async () => {
    const { wrapper, move } = await open()
    drop(wrapper, 3, 11, 0)
    await flushPromises()
    let dialog = named('dialog', 'Why was it lost?')!
    expect(dialog).toBeDefined()
    const select = dialog.querySelector<HTMLSelectElement>('select')!
    expect(document.querySelector(`label[for="${select.id}"]`)?.textContent).toBe('Loss reason')
    expect(select.options[0]!.textContent).toBe('Choose a reason')
    expect(select.options).toHaveLength(22)
    expect(button('Mark as lost', dialog)!.disabled).toBe(true)
    await vi.waitFor(() => expect(dialog.contains(document.activeElement)).toBe(true))
    button('Cancel', dialog)!.click()
    await flushPromises()
    expect(named('dialog', 'Why was it lost?')).toBeUndefined()
    await vi.waitFor(() => expect(document.activeElement).toBe(card(11)))
    expect(move).not.toHaveBeenCalled()
    expect(ids('Enquiry')).toEqual([11, 12, 13])

    drop(wrapper, 3, 11, 0)
    await flushPromises()
    dialog = named('dialog', 'Why was it lost?')!
    const again = dialog.querySelector<HTMLSelectElement>('select')!
    again.value = again.options[4]!.value
    again.dispatchEvent(new Event('change'))
    await flushPromises()
    button('Mark as lost', dialog)!.click()
    await flushPromises()
    expect(move).toHaveBeenCalledWith(expect.objectContaining({ outcome: { status: 'lost', lossReason: 4 } }))
    expect(ids('Enquiry')).toEqual([12, 13])
  })

  it('warns before a stage with automation; Cancel sends nothing', async () => {
    const board = sampleBoard()
    board.columns[1] = { ...board.columns[1]!, CannedResponseId: 3, DeleteAccount: true }
    const { wrapper, move } = await open({ board })
    drop(wrapper, 1, 11, 0)
    await flushPromises()
    const alert = named('alertdialog', 'Confirm stage automation')!
    expect(alert.textContent).toContain('Nexudus may email Customer 11 (message template).')
    expect(alert.textContent).toContain("PERMANENTLY DELETE Customer 11's account")
    button('Cancel', alert)!.click()
    await flushPromises()
    expect(move).not.toHaveBeenCalled()

    drop(wrapper, 1, 11, 0)
    await flushPromises()
    button('Move anyway', named('alertdialog', 'Confirm stage automation')!)!.click()
    await flushPromises()
    expect(move).toHaveBeenCalledTimes(1)
    expect(ids('Tour booked')[0]).toBe(11)
  })

  it('moves a card with the keyboard, speaking each step, and keeps focus on it', async () => {
    const { move } = await open()
    card(12).focus()
    press(card(12), ' ')
    await flushPromises()
    expect(status()).toBe('Picked up Customer 12. Arrow keys move it, Space drops, Escape cancels.')
    press(card(12), 'ArrowRight')
    await flushPromises()
    expect(status()).toBe('Customer 12: Tour booked, position 2 of 3')
    expect(ids('Tour booked')).toEqual([21, 12, 22])
    expect(document.activeElement).toBe(card(12))
    press(card(12), 'ArrowUp')
    press(card(12), ' ')
    await flushPromises()
    expect(move).toHaveBeenCalledWith(
      expect.objectContaining({ to: expect.objectContaining({ columnId: 2, afterId: null, beforeId: 21 }) })
    )
    expect(ids('Tour booked')).toEqual([12, 21, 22])
    expect(document.activeElement).toBe(card(12))
  })

  it('cancels a keyboard move with Escape and sends nothing', async () => {
    const { move } = await open()
    card(11).focus()
    press(card(11), ' ')
    press(card(11), 'ArrowRight')
    await flushPromises()
    press(card(11), 'Escape')
    await flushPromises()
    expect(ids('Enquiry')).toEqual([11, 12, 13])
    expect(move).not.toHaveBeenCalled()
    expect(document.activeElement).toBe(card(11))
  })

  it('offers "Move to…" with every stage, and puts the card at the top of the one chosen', async () => {
    const { move } = await open()
    button('Move to…', card(13))!.click()
    await flushPromises()
    const menu = $('[role="menu"]')!
    const items = [...menu.querySelectorAll('[role="menuitem"]')].map((i) =>
      i.childNodes[0]!.textContent!.trim()
    )
    expect(items).toEqual(['Enquiry', 'Tour booked', 'Won', 'Lost'])
    expect(document.activeElement?.getAttribute('role')).toBe('menuitem')
    ;(menu.querySelectorAll('[role="menuitem"]')[1] as HTMLElement).click()
    await flushPromises()
    expect(move).toHaveBeenCalledWith(
      expect.objectContaining({ to: expect.objectContaining({ columnId: 2, afterId: null, beforeId: 21 }) })
    )
    expect($('[role="menu"]')).toBeNull()
    expect(document.activeElement).toBe(card(13))
  })

  it('opens the closed opportunities drawer, filters it, and closes on Escape', async () => {
    await open()
    button('Won / Lost')!.click()
    await flushPromises()
    const drawer = $('[aria-label="Closed opportunities"]')!
    const zone = (name: string) => drawer.querySelector<HTMLElement>(`[role="region"][aria-label="${name}"]`)!
    expect(zone('Won').querySelector('[data-id="31"]')).not.toBeNull()
    expect(zone('Lost').textContent).toContain('Price')
    const search = drawer.querySelector<HTMLInputElement>('input')!
    expect(document.querySelector(`label[for="${search.id}"]`)?.textContent).toBe(
      'Search closed opportunities'
    )
    search.value = 'customer 41'
    search.dispatchEvent(new Event('input'))
    await flushPromises()
    expect(zone('Won').querySelector('[data-id="31"]')).toBeNull()
    expect(zone('Lost').querySelector('[data-id="41"]')).not.toBeNull()
    press(search, 'Escape')
    await flushPromises()
    expect($('[aria-label="Closed opportunities"]')).toBeNull()
    expect(document.activeElement).toBe(button('Won / Lost'))
  })

  it('marks a card won when it is dropped on the drawer, without a destination', async () => {
    const { wrapper, move } = await open()
    button('Won / Lost')!.click()
    await flushPromises()
    const lists = wrapper.findAllComponents({ name: 'draggable' })
    expect(lists).toHaveLength(6)
    dropOnZone(wrapper, 4, 21)
    await flushPromises()
    expect(move).toHaveBeenCalledWith({
      opportunityId: 21,
      expected: { columnId: 2, updatedOn: '2026-01-01T00:00:00Z' },
      outcome: { status: 'won' }
    })
    expect(ids('Tour booked')).toEqual([22])
  })

  it('reopens a closed card dragged from the drawer onto a stage', async () => {
    const { wrapper, move } = await open()
    button('Won / Lost')!.click()
    await flushPromises()
    drop(wrapper, 0, 41, 3)
    await flushPromises()
    expect(move).toHaveBeenCalledWith(
      expect.objectContaining({
        to: expect.objectContaining({ columnId: 1, afterId: 13, beforeId: null }),
        outcome: { status: 'open' }
      })
    )
    expect(ids('Enquiry')).toEqual([11, 12, 13, 41])
    expect($('[aria-label="Closed opportunities"] [data-id="41"]')).toBeNull()
  })

  it('opens "Move to…" from the keyboard and walks between cards with the arrows', async () => {
    await open()
    card(11).focus()
    press(card(11), 'ArrowDown')
    expect(document.activeElement).toBe(card(12))
    press(card(12), 'ArrowRight')
    expect(document.activeElement).toBe(card(22))
    press(card(22), 'F10', { shiftKey: true })
    await flushPromises()
    expect($('[role="menu"]')?.getAttribute('aria-label')).toBe('Move Customer 22 to')
    press(document.activeElement as HTMLElement, 'Escape')
    await flushPromises()
    expect($('[role="menu"]')).toBeNull()
    expect(document.activeElement).toBe(card(22))
    press(card(22), 'ContextMenu')
    await flushPromises()
    expect($('[role="menu"]')).not.toBeNull()
  })

  it('turns read-only after Forbidden: banner, no drags, no "Move to…"', async () => {
    const { wrapper, move } = await open({ move: async () => fail({ kind: 'Forbidden', message: 'No.' }) })
    drop(wrapper, 1, 11, 0)
    await flushPromises()
    expect(ids('Enquiry')).toEqual([11, 12, 13])
    expect($$('[role="status"]').some((s) => s.textContent === READ_ONLY_TEXT)).toBe(true)
    expect(button('Move to…')).toBeUndefined()
    const sortable = (
      wrapper.findAllComponents({ name: 'draggable' })[0]!.vm as unknown as {
        _sortable: { option(k: string): unknown }
      }
    )._sortable
    expect(sortable.option('disabled')).toBe(true)
    press(card(12), ' ')
    await flushPromises()
    expect(status()).toMatch(/can't be moved/)
    expect(move).toHaveBeenCalledTimes(1)
  })
})
