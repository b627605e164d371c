// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { mount } from '@vue/test-utils'
import { setApi } from '../services/api'
import { fakeApi } from '../testing/fake-api'
import { commandOf, useUndoKeys } from './useUndoKeys'
import type { useBoardStore } from '../stores/board'

function mounted() {
  const bridge = fakeApi()
  setApi(bridge)
  const store = { undo: vi.fn(async () => null), redo: vi.fn(async () => null) }
  const Host = defineComponent({
    setup() {
      useUndoKeys(store as unknown as ReturnType<typeof useBoardStore>)
      return () => h('div', [h('input', { id: 'field' }), h('button', { id: 'card' }, 'card')])
    }
  })
  const wrapper = mount(Host, { attachTo: document.body })
  return { bridge, store, wrapper }
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
})
