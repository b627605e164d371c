// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { mount } from '@vue/test-utils'
import { setApi } from '../services/api'
import { fakeApi } from '../testing/fake-api'
import { commandOf, useUndoKeys } from './useUndoKeys'
import type { useBoardStore } from '../stores/board'
import type { History, Spot } from '../board/history'

const OPEN: Spot['outcome'] = { status: 'open' }
/** Card 7 went from stage 1 to stage 2: the step undo would take. */
const MOVED: History = {
  past: [
    {
      id: 7,
      before: { to: { columnId: 1, afterId: null, beforeId: null }, outcome: OPEN },
      after: { to: { columnId: 2, afterId: null, beforeId: null }, outcome: OPEN }
    }
  ],
  future: []
}

function mounted(history: History = { past: [], future: [] }) {
  const bridge = fakeApi()
  setApi(bridge)
  // The real store draws the card anew in its old stage: its focused element goes away.
  const removeCard = () => {
    if (history.past.length) document.getElementById('card')?.remove()
    return Promise.resolve(null)
  }
  const store = { history, undo: vi.fn(removeCard), redo: vi.fn(async () => null) }
  const focusCard = vi.fn(() => true)
  const Host = defineComponent({
    setup() {
      useUndoKeys(store as unknown as ReturnType<typeof useBoardStore>, focusCard)
      return () =>
        h('div', [
          h('input', { id: 'field' }),
          h('button', { id: 'card', 'data-id': '7' }, 'card'),
          h('button', { id: 'other', 'data-id': '8' }, 'other')
        ])
    }
  })
  const wrapper = mount(Host, { attachTo: document.body })
  return { bridge, store, focusCard, wrapper }
}

const press = (target: Element, init: KeyboardEventInit) =>
  target.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init }))

afterEach(() => {
  setApi(null)
  document.body.innerHTML = ''
})

describe('useUndoKeys', () => {
  it('reads Ctrl/⌘+Z as undo, with Shift (or Ctrl+Y) as redo', () => {
    expect(commandOf({ ctrlKey: true, metaKey: false, altKey: false, shiftKey: false, key: 'z' })).toBe(
      'undo'
    )
    expect(commandOf({ ctrlKey: false, metaKey: true, altKey: false, shiftKey: true, key: 'Z' })).toBe('redo')
    expect(commandOf({ ctrlKey: true, metaKey: false, altKey: false, shiftKey: false, key: 'y' })).toBe(
      'redo'
    )
    expect(commandOf({ ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, key: 'z' })).toBeNull()
    expect(commandOf({ ctrlKey: true, metaKey: false, altKey: true, shiftKey: false, key: 'z' })).toBeNull()
  })

  it('undoes the board’s move from the board, and once only when the menu says it too', () => {
    const { bridge, store, wrapper } = mounted()
    press(document.getElementById('card')!, { ctrlKey: true, key: 'z' })
    bridge.emit('app.command', { command: 'undo' })
    expect(store.undo).toHaveBeenCalledTimes(1)
    press(document.getElementById('card')!, { ctrlKey: true, shiftKey: true, key: 'z' })
    expect(store.redo).toHaveBeenCalledTimes(1)
    wrapper.unmount()
  })

  it('leaves a text field’s keys to the field, and takes the menu’s command when no key came', () => {
    const { bridge, store, wrapper } = mounted()
    press(document.getElementById('field')!, { ctrlKey: true, key: 'z' })
    expect(store.undo).not.toHaveBeenCalled()
    ;(document.getElementById('card') as HTMLElement).focus()
    bridge.emit('app.command', { command: 'redo' })
    expect(store.redo).toHaveBeenCalledTimes(1)
    wrapper.unmount()
  })

  it('gives focus back to the card it sends back, only when focus was on that card', async () => {
    const { store, focusCard, wrapper } = mounted(MOVED)
    const card = document.getElementById('card') as HTMLElement
    card.focus()
    press(card, { ctrlKey: true, key: 'z' })
    expect(store.undo).toHaveBeenCalledTimes(1)
    await vi.waitFor(() => expect(focusCard).toHaveBeenCalledWith(7))
    wrapper.unmount()

    const other = mounted(MOVED)
    ;(document.getElementById('other') as HTMLElement).focus()
    other.bridge.emit('app.command', { command: 'undo' })
    expect(other.store.undo).toHaveBeenCalledTimes(1)
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(other.focusCard).not.toHaveBeenCalled()
    expect(document.activeElement?.id).toBe('other')
    other.wrapper.unmount()
  })
})
