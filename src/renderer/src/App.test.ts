// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia } from 'pinia'
import type { CrmBoard } from '../../shared/nexudus'
import { fail, ok, type Result } from '../../shared/result'
import { setApi } from './services/api'
import { authState, fakeApi, type FakeApiParts } from './testing/fake-api'
import { sampleBoard } from './testing/fake-board'
import App from './App.vue'

const boards: CrmBoard[] = [
  { Id: 1, Name: 'Sales', BusinessId: 1 },
  { Id: 2, Name: 'Leads', BusinessId: 1 }
]
const signedIn = authState({ signedIn: true, email: 'ada@example.com' })
const board = {
  load: async ({ boardId }: { boardId: number }) =>
    ok({ ...sampleBoard(), board: boards.find((b) => b.Id === boardId)! })
}

const mounted: VueWrapper[] = []
afterEach(() => {
  while (mounted.length) mounted.pop()!.unmount()
  setApi(null)
  localStorage.clear()
})

async function start(parts: FakeApiParts) {
  const bridge = fakeApi(parts)
  setApi(bridge)
  const wrapper = mount(App, { global: { plugins: [createPinia()] }, attachTo: document.body })
  mounted.push(wrapper)
  await flushPromises()
  return { bridge, wrapper }
}

const buttonNamed = (wrapper: VueWrapper, name: string) =>
  wrapper.findAll('button').find((b) => b.text() === name)

describe('App', () => {
  it('signs in from the form and lists the boards in the "Board" picker', async () => {
    const { wrapper } = await start({
      auth: { status: async () => ok(authState()), signIn: async () => ok(signedIn) },
      boards: { list: async () => ok(boards) },
      board
    })
    await wrapper.find('#sign-in-email').setValue('ada@example.com')
    await wrapper.find('#sign-in-password').setValue('secret')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    const root = wrapper.find('[data-state]')
    expect(root.attributes('data-state')).toBe('ready')
    expect(wrapper.findAll('[data-state]')).toHaveLength(1)
    expect(root.findAll('[role="region"]').map((r) => r.attributes('aria-label'))).toEqual([
      'Enquiry',
      'Tour booked',
      'Won',
      'Lost'
    ])
    expect(wrapper.find('header').text()).toContain('ada@example.com')
    expect(wrapper.find('label[for="board-picker"]').text()).toBe('Board')
    expect(wrapper.findAll('#board-picker option').map((o) => o.text())).toEqual(['Leads', 'Sales'])
    expect(wrapper.find('h1').text()).toBe('Leads')
    expect(document.activeElement).toBe(wrapper.find('h1').element)
    await wrapper.find('#board-picker').setValue('1')
    expect(wrapper.find('h1').text()).toBe('Sales')
    expect(localStorage.getItem('pipeline.lastBoardId')).toBe('1')
    await flushPromises()
    expect(wrapper.find('[data-state]').attributes('data-state')).toBe('ready')
  })

  it('shows the demo badge and the notice, and offers "Try again" when boards fail', async () => {
    let answer = fail<CrmBoard[]>({ kind: 'Network', message: 'offline' })
    const { wrapper } = await start({
      auth: { status: async () => ok({ ...signedIn, demo: true, notice: 'Nothing is remembered.' }) },
      boards: { list: async () => answer }
    })
    expect(wrapper.find('[data-state]').attributes('data-state')).toBe('error')
    expect(wrapper.text()).toContain('Demo workspace')
    expect(wrapper.find('[role="status"]').text()).toContain('Nothing is remembered.')
    expect(wrapper.find('[role="alert"]').text()).toMatch(/reach/)
    answer = ok([])
    await buttonNamed(wrapper, 'Try again')!.trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-state]').attributes('data-state')).toBe('ready')
    expect(wrapper.text()).toContain('No boards yet')
  })

  it('returns to the sign-in screen with the notice when the session ends', async () => {
    const { bridge, wrapper } = await start({
      auth: { status: async () => ok(signedIn) },
      boards: { list: async () => ok(boards) }
    })
    expect(buttonNamed(wrapper, 'Sign out')).toBeDefined()
    bridge.emit('auth.changed', authState({ notice: 'Your session expired. Please sign in again.' }))
    await flushPromises()
    expect(buttonNamed(wrapper, 'Sign in')).toBeDefined()
    expect(wrapper.find('[role="status"]').text()).toBe('Your session expired. Please sign in again.')
  })

  it('opens the remembered board at once, drawing its saved copy before the boards list arrives', async () => {
    localStorage.setItem('pipeline.lastBoardId', '1')
    let list: (r: Result<CrmBoard[]>) => void = () => {}
    const load = vi.fn(() => new Promise<never>(() => {}))
    const saved = { ...sampleBoard(), board: boards[0]! }
    const { wrapper } = await start({
      auth: { status: async () => ok(signedIn) },
      boards: { list: () => new Promise((r) => (list = r)) },
      board: { cached: async ({ boardId }) => ok(boardId === 1 ? saved : null), load }
    })
    expect(load).toHaveBeenCalledWith({ boardId: 1 })
    expect(wrapper.findAll('[data-state]')).toHaveLength(1)
    const root = wrapper.find('[data-state]')
    expect(root.attributes('data-state')).toBe('ready')
    expect(root.attributes('data-source')).toBe('cache')
    expect(wrapper.find('h1').text()).toBe('Sales')
    expect(wrapper.find('#board-picker').exists()).toBe(false)
    list(ok(boards))
    await flushPromises()
    expect(wrapper.find('#board-picker').exists()).toBe(true)
    expect(wrapper.find('h1').text()).toBe('Sales')
    expect(load).toHaveBeenCalledTimes(1)
  })

  it('signs out back to the sign-in screen', async () => {
    const { wrapper } = await start({
      auth: { status: async () => ok(signedIn), signOut: async () => ok(authState()) },
      boards: { list: async () => ok(boards) }
    })
    await buttonNamed(wrapper, 'Sign out')!.trigger('click')
    await flushPromises()
    expect(buttonNamed(wrapper, 'Sign in')).toBeDefined()
    expect(document.activeElement?.id).toBe('sign-in-email')
  })
})
