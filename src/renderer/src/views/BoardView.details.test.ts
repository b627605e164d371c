// @vitest-environment jsdom
/** The details drawer and "New opportunity", driven through the board as a user would. */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia } from 'pinia'
import type { SaveInput, SaveResult } from '../../../shared/details'
import { fail, ok, type Result } from '../../../shared/result'
import { setApi } from '../services/api'
import { fakeApi } from '../testing/fake-api'
import { FakeBoardServer, sampleBoard } from '../testing/fake-board'
import { FakeDetailsServer, people, stubScrollIntoView, types, users } from '../testing/fake-details'
import { useBoardStore } from '../stores/board'
import { SEARCH_DELAY_MS } from '../stores/lookups'
import BoardView from './BoardView.vue'

const mounted: VueWrapper[] = []
beforeAll(stubScrollIntoView)
afterEach(() => {
  while (mounted.length) mounted.pop()!.unmount()
  setApi(null)
  document.body.innerHTML = ''
})

async function open(options: { save?: (input: SaveInput) => Promise<Result<SaveResult>> } = {}) {
  const board = sampleBoard()
  const server = new FakeBoardServer(board)
  const details = new FakeDetailsServer(server)
  const save = vi.fn(options.save ?? details.save)
  const remove = vi.fn(details.delete)
  const create = vi.fn(details.create)
  const coworkers = vi.fn(async ({ query }: { query: string }) =>
    ok(people.filter((p) => p.FullName!.toLowerCase().includes(query.toLowerCase())))
  )
  setApi(
    fakeApi({
      board: { load: async () => ok(structuredClone(board)) },
      opportunity: { move: async (i) => server.move(i), get: details.get, save, delete: remove, create },
      lookup: { coworkers, users: async () => ok(users), opportunityTypes: async () => ok(types) }
    })
  )
  const pinia = createPinia()
  const wrapper = mount(BoardView, {
    props: { board: board.board },
    global: { plugins: [pinia] },
    attachTo: document.body
  })
  mounted.push(wrapper)
  await flushPromises()
  return { wrapper, details, save, remove, create, coworkers, store: useBoardStore(pinia) }
}

/** Lets the lazily loaded drawer or dialog arrive and draw. */
async function settle(): Promise<void> {
  await vi.dynamicImportSettled()
  await flushPromises()
}

const $$ = (selector: string, root: ParentNode = document) => [
  ...root.querySelectorAll<HTMLElement>(selector)
]
const card = (id: number) => document.querySelector<HTMLElement>(`[role="listitem"][data-id="${id}"]`)!
const button = (name: string, root: ParentNode = document) =>
  $$('button', root).find((b) => (b.getAttribute('aria-label') ?? b.textContent?.trim()) === name) as
    HTMLButtonElement | undefined
const named = (role: string, name: string) =>
  $$(`[role="${role}"]`).find(
    (el) => document.getElementById(el.getAttribute('aria-labelledby') ?? '')?.textContent?.trim() === name
  )
const drawer = () => named('dialog', 'Opportunity details')
/** The control a label names (by `for`, or the one inside it), as a user finds it by its label. */
function field<T extends HTMLElement = HTMLInputElement>(label: string, root: ParentNode = drawer()!): T {
  const el = $$('label', root).find((l) => l.textContent?.trim() === label) as HTMLLabelElement | undefined
  if (!el) throw new Error(`no field labelled ${label}`)
  const control = el.htmlFor ? document.getElementById(el.htmlFor) : el.querySelector('input,select,textarea')
  return control as T
}
function type(el: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  el.value = value
  el.dispatchEvent(new Event('input', { bubbles: true }))
}
function choose(el: HTMLSelectElement, text: string): void {
  el.value = [...el.options].find((o) => o.textContent?.trim() === text)!.value
  el.dispatchEvent(new Event('change'))
}
const press = (target: HTMLElement, key: string) =>
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }))

async function openDrawer(id = 12): Promise<HTMLElement> {
  card(id).click()
  await settle()
  return drawer()!
}

describe('details drawer', () => {
  it('opens from a click on a card as a modal dialog with every field, and closes back to the card', async () => {
    await open()
    const dialog = await openDrawer(12)
    expect(dialog.getAttribute('aria-modal')).toBe('true')
    await vi.waitFor(() => expect(dialog.contains(document.activeElement)).toBe(true))
    for (const label of [
      'Tag',
      'Customer',
      'Type',
      'Responsible',
      'Referrer',
      'Agent',
      'Notes',
      'Completed',
      'Follow-up date',
      'Value',
      'Reminded',
      'Lead source',
      'Status',
      'Won on',
      'Lost on',
      'UTM source',
      'UTM medium',
      'UTM campaign',
      'UTM content',
      'UTM term'
    ])
      expect(field(label), label).toBeTruthy()
    expect(field('Tag').value).toBe('Hot desk')
    expect(field('Customer').value).toBe('Customer 12')
    expect(field('Follow-up date').type).toBe('date')
    expect(field<HTMLSelectElement>('Responsible').selectedOptions[0]?.textContent).toBe('Alex Morgan')
    expect(field<HTMLSelectElement>('Status').selectedOptions[0]?.textContent).toBe('In progress')
    expect($$('label', dialog).some((l) => l.textContent?.trim() === 'Loss reason')).toBe(false)
    expect(dialog.querySelector('summary')?.textContent).toBe('Campaign (UTM)')
    expect(dialog.querySelector('details')?.open).toBe(false)
    const history = named('list', 'Stage history') ?? dialog.querySelector('ol[aria-labelledby]')!
    expect($$('li', history).map((li) => li.querySelector('.history__change')?.textContent)).toEqual([
      'Added to Enquiry',
      'Enquiry → Tour booked'
    ])
    expect(history.textContent).toContain('Automatic')
    expect(history.textContent).toContain('3 days in Enquiry')
    expect(dialog.textContent).toContain('by Alex Morgan')
    expect(button('Save', dialog)!.disabled).toBe(true)

    press(field('Tag'), 'Escape')
    await flushPromises()
    expect(drawer()).toBeUndefined()
    await vi.waitFor(() => expect(document.activeElement).toBe(card(12)))
  })

  it('opens on Enter, but not from the "Move to…" button', async () => {
    await open()
    button('Move to…', card(11))!.click()
    await settle()
    expect(drawer()).toBeUndefined()
    document.body.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }))
    await flushPromises()
    press(card(11), 'Enter')
    await settle()
    expect(drawer()).toBeDefined()
    expect(drawer()!.textContent).toContain('Customer 11')
  })

  it('opens for a closed card in the Won / Lost drawer, with its loss reason', async () => {
    await open()
    button('Won / Lost')!.click()
    await flushPromises()
    press(card(41), 'Enter')
    await settle()
    expect(field<HTMLSelectElement>('Loss reason').selectedOptions[0]?.textContent).toBe('Price')
    expect(field('Lost on').value).toBe('2026-02-02')
  })

  it('saves only what changed: "Saving…", then "Saved", and the card shows it', async () => {
    let release: () => void = () => {}
    const { details, save } = await open({
      save: (input) => {
        const answer = details.save(input)
        return new Promise((r) => (release = () => r(answer)))
      }
    })
    const dialog = await openDrawer(12)
    type(field('Tag'), 'Two desks')
    await flushPromises()
    button('Save', dialog)!.click()
    await flushPromises()
    expect(dialog.querySelector('[role="status"]')?.textContent).toBe('Saving…')
    expect(card(12).getAttribute('aria-label')).toContain('Hot desk')
    expect(save).toHaveBeenCalledWith(
      expect.objectContaining({ changes: { Name: 'Two desks' }, overwrite: false })
    )
    release()
    await flushPromises()
    expect(dialog.querySelector('[role="status"]')?.textContent).toBe('Saved')
    expect(card(12).getAttribute('aria-label')).toContain('Two desks')
    expect(button('Save', dialog)!.disabled).toBe(true)
  })

  it('fills empty notes from the type chosen', async () => {
    await open()
    await openDrawer(12)
    choose(field<HTMLSelectElement>('Type'), 'Private office')
    await flushPromises()
    expect(field<HTMLTextAreaElement>('Notes').value).toBe('')
    choose(field<HTMLSelectElement>('Type'), 'Hot desk')
    await flushPromises()
    expect(field<HTMLTextAreaElement>('Notes').value).toBe('Desk needs:\n- ')
  })

  it("shows the form's own messages under the fields and the server's, and keeps the input", async () => {
    const { save } = await open({
      save: async () =>
        fail({ kind: 'Validation', message: 'x', fields: { CoworkerId: 'This customer is archived' } })
    })
    const dialog = await openDrawer(12)
    type(field('Value'), '-3')
    await flushPromises()
    const value = field('Value')
    expect(value.getAttribute('aria-invalid')).toBe('true')
    expect(document.getElementById(value.getAttribute('aria-describedby')!.split(' ')[0]!)?.textContent).toBe(
      'The value cannot be negative'
    )
    type(value, '300')
    type(field('Tag'), 'Desk')
    await flushPromises()
    button('Save', dialog)!.click()
    await flushPromises()
    expect(save).toHaveBeenCalledTimes(1)
    const customer = field('Customer')
    expect(customer.getAttribute('aria-invalid')).toBe('true')
    expect(document.getElementById(customer.getAttribute('aria-describedby')!)?.textContent).toBe(
      'This customer is archived'
    )
    expect(dialog.querySelector('[role="alert"]')?.textContent).toBe('Check the marked field.')
    expect(field('Tag').value).toBe('Desk')
  })

  it('says "Changed by someone else" with the fields, and Reload shows theirs', async () => {
    const { details } = await open()
    const dialog = await openDrawer(12)
    details.touch(12, { Value: 4321 })
    type(field('Tag'), 'Mine')
    await flushPromises()
    button('Save', dialog)!.click()
    await flushPromises()
    const alert = $$('[role="alert"]', dialog).find((a) =>
      a.textContent?.includes('Changed by someone else')
    )!
    expect(alert.textContent).toContain('Value')
    expect(button('Overwrite', alert)).toBeDefined()
    button('Reload', alert)!.click()
    await flushPromises()
    expect(field('Value').value).toBe('4321')
    expect(field('Tag').value).toBe('Hot desk')
  })

  it('asks before Escape throws edits away', async () => {
    await open()
    await openDrawer(12)
    type(field('Tag'), 'Unsaved')
    await flushPromises()
    press(field('Tag'), 'Escape')
    await flushPromises()
    const ask = named('alertdialog', 'Discard your changes?')!
    expect(ask).toBeDefined()
    button('Keep editing', ask)!.click()
    await flushPromises()
    expect(drawer()).toBeDefined()
    expect(field('Tag').value).toBe('Unsaved')
    press(field('Tag'), 'Escape')
    await flushPromises()
    button('Discard', named('alertdialog', 'Discard your changes?')!)!.click()
    await flushPromises()
    expect(drawer()).toBeUndefined()
  })

  it('deletes after asking, with Undo putting the card back and sending nothing', async () => {
    const { remove } = await open()
    const dialog = await openDrawer(12)
    button('Delete', dialog)!.click()
    await flushPromises()
    const ask = named('alertdialog', 'Delete this opportunity?')!
    expect(button('Cancel', ask)).toBeDefined()
    button('Delete', ask)!.click()
    await flushPromises()
    expect(drawer()).toBeUndefined()
    expect(card(12)).toBeNull()
    await vi.waitFor(() => expect(document.activeElement).toBe(card(13)))
    const toast = $$('.toast').find((t) => t.textContent?.includes('will be deleted in a few seconds'))!
    button('Undo', toast)!.click()
    await flushPromises()
    expect(card(12)).not.toBeNull()
    await vi.waitFor(() => expect(document.activeElement).toBe(card(12)))
    expect(remove).not.toHaveBeenCalled()
  })

  it('is read-only for a read-only user: disabled fields, a note, no Save, Delete or New', async () => {
    const { store } = await open()
    store.markReadOnly()
    await flushPromises()
    expect(button('New opportunity in Enquiry')).toBeUndefined()
    const dialog = await openDrawer(12)
    expect(dialog.textContent).toContain('Read only')
    expect(field('Tag').matches(':disabled')).toBe(true)
    expect(field<HTMLSelectElement>('Status').matches(':disabled')).toBe(true)
    expect(field('Customer').matches(':disabled')).toBe(true)
    expect(button('Save', dialog)).toBeUndefined()
    expect(button('Delete', dialog)).toBeUndefined()
  })
})

describe('New opportunity', () => {
  it('is offered in open stages only, asks for a customer, and puts the new card at the top', async () => {
    const { create, coworkers } = await open()
    expect(button('New opportunity in Won')).toBeUndefined()
    button('New opportunity in Tour booked')!.click()
    await settle()
    const dialog = named('dialog', 'New opportunity')!
    expect(dialog).toBeDefined()
    button('Create', dialog)!.click()
    await flushPromises()
    expect(create).not.toHaveBeenCalled()
    const customer = field('Customer', dialog)
    expect(document.getElementById(customer.getAttribute('aria-describedby')!)?.textContent).toBe(
      'Choose a customer'
    )
    type(customer, 'jan')
    await new Promise((r) => setTimeout(r, SEARCH_DELAY_MS + 50))
    await flushPromises()
    expect(coworkers).toHaveBeenCalledWith({ query: 'jan' })
    $$('[role="option"]')
      .find((o) => o.textContent?.includes('Jane Doe'))!
      .click()
    await flushPromises()
    type(field('Tag', dialog), 'Desk')
    type(field('Value', dialog), '250')
    await flushPromises()
    button('Create', dialog)!.click()
    await flushPromises()
    expect(create).toHaveBeenCalledWith({
      columnId: 2,
      fields: { CoworkerId: 701, Name: 'Desk', Value: 250 }
    })
    expect(named('dialog', 'New opportunity')).toBeUndefined()
    const list = $$('[role="region"]').find((r) => r.getAttribute('aria-label') === 'Tour booked')!
    const first = list.querySelector<HTMLElement>('[role="listitem"]')!
    expect(first.getAttribute('aria-label')).toMatch(/^Jane Doe, Acme Ltd, Desk/)
    await vi.waitFor(() => expect(document.activeElement).toBe(first))
  })
})
