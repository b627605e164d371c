// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { fail, ok } from '../../../../shared/result'
import { setApi } from '../../services/api'
import { fakeApi } from '../../testing/fake-api'
import { people, stubScrollIntoView } from '../../testing/fake-details'
import { SEARCH_DELAY_MS } from '../../stores/lookups'
import PersonPicker from './PersonPicker.vue'

beforeAll(stubScrollIntoView)
afterEach(() => {
  setApi(null)
  vi.useRealTimers()
  document.body.innerHTML = ''
})

function setup(
  props: { clearable?: boolean; modelValue?: number | null; name?: string } = {},
  failing = false
) {
  vi.useFakeTimers()
  const coworkers = vi.fn(async ({ query }: { query: string }) =>
    failing
      ? fail({ kind: 'Network', message: 'offline' })
      : ok(people.filter((p) => p.FullName!.toLowerCase().includes(query.toLowerCase())))
  )
  setApi(fakeApi({ lookup: { coworkers } }))
  const wrapper = mount(PersonPicker, {
    props: {
      id: 'picker',
      label: 'Referrer',
      modelValue: props.modelValue ?? null,
      name: props.name,
      clearable: props.clearable,
      'onUpdate:modelValue': (v: number | null) => wrapper.setProps({ modelValue: v })
    },
    global: { plugins: [createPinia()] },
    attachTo: document.body
  })
  const input = wrapper.find('input').element as HTMLInputElement
  const typeText = async (text: string) => {
    input.value = text
    input.dispatchEvent(new Event('input', { bubbles: true }))
    await flushPromises()
  }
  return { wrapper, input, coworkers, typeText }
}

const options = () => [...document.querySelectorAll<HTMLElement>('[role="option"]')]

describe('PersonPicker', () => {
  it('shows the name of the coworker it starts with, as a combobox', async () => {
    const { input } = setup({ modelValue: 512, name: 'Customer 12' })
    await flushPromises()
    expect(input.getAttribute('role')).toBe('combobox')
    expect(input.value).toBe('Customer 12')
  })

  it('searches once typing pauses, and picks a coworker', async () => {
    const { wrapper, input, coworkers, typeText } = setup()
    await typeText('j')
    await typeText('ja')
    await typeText('jan')
    expect(coworkers).not.toHaveBeenCalled()
    expect(document.body.textContent).toContain('Searching…')
    await vi.advanceTimersByTimeAsync(SEARCH_DELAY_MS)
    expect(coworkers.mock.calls).toEqual([[{ query: 'jan' }]])
    expect(options().map((o) => o.textContent)).toEqual(['Jane DoeAcme Ltd · jane@acme.test'])
    options()[0]!.click()
    await flushPromises()
    expect(wrapper.props('modelValue')).toBe(701)
    expect(wrapper.emitted('pick')).toEqual([[people[0]]])
    expect(input.value).toBe('Jane Doe')
  })

  it('says when no one matches, and asks for a query once only', async () => {
    const { coworkers, typeText } = setup()
    await typeText('zed')
    await vi.advanceTimersByTimeAsync(SEARCH_DELAY_MS)
    expect(document.body.textContent).toContain('No one matches “zed”.')
    await typeText('ZED ')
    await vi.advanceTimersByTimeAsync(SEARCH_DELAY_MS)
    expect(coworkers).toHaveBeenCalledTimes(1)
  })

  it('says why a search failed', async () => {
    const { typeText } = setup({}, true)
    await typeText('jane')
    await vi.advanceTimersByTimeAsync(SEARCH_DELAY_MS)
    expect(document.body.textContent).toContain("Can't reach the server")
  })

  it('can be cleared when optional', async () => {
    const { wrapper } = setup({ clearable: true, modelValue: 701, name: 'Jane Doe' })
    const clear = wrapper.find('button[aria-label="Clear Referrer"]')
    await clear.trigger('click')
    expect(wrapper.props('modelValue')).toBeNull()
    expect(wrapper.find('button[aria-label="Clear Referrer"]').exists()).toBe(false)
  })

  it('has no Clear when required', () => {
    const { wrapper } = setup({ modelValue: 701, name: 'Jane Doe' })
    expect(wrapper.find('button').exists()).toBe(false)
  })
})
