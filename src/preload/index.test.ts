/**
 * What the preload puts in the page: exactly `window.nexudus`, shaped exactly like the bridge,
 * and a transport that always answers with a Result. (Round trips to main: src/main/ipc.test.ts.)
 */
import { describe, expect, it, vi } from 'vitest'
import { eventNames, IPC_EVENT_CHANNEL, ipcChannel, methodNames, type NexudusApi } from '../shared/bridge'
import { contextBridge, FakeIpcRenderer, ipcRenderer } from '../main/testing/fake-electron'
import { createNexudusApi } from './index'

vi.mock('electron', () => import('../main/testing/fake-electron'))

const authState = {
  signedIn: false,
  email: null,
  server: 'https://spaces.nexudus.com',
  demo: false,
  persistence: 'memory',
  notice: null
}

describe('preload', () => {
  it('exposes exactly one key, nexudus', () => {
    expect(Object.keys(contextBridge.exposed)).toEqual(['nexudus'])
  })

  it('exposes exactly the namespaces and methods of the bridge, plus on()', () => {
    const api = contextBridge.exposed.nexudus as Record<string, unknown>
    const expected = new Map<string, string[]>()
    for (const name of methodNames) {
      const [ns, method] = name.split('.') as [string, string]
      expected.set(ns, [...(expected.get(ns) ?? []), method])
    }
    expect(Object.keys(api).sort()).toEqual([...expected.keys(), 'on'].sort())
    expect(typeof api.on).toBe('function')
    for (const [ns, methods] of expected) {
      const group = api[ns] as Record<string, unknown>
      expect(Object.keys(group).sort(), ns).toEqual([...methods].sort())
      for (const method of methods) expect(typeof group[method]).toBe('function')
    }
  })

  it('registers one listener on the event channel at load', () => {
    expect(ipcRenderer.listenerCount(IPC_EVENT_CHANNEL)).toBe(1)
  })
})

describe('createNexudusApi', () => {
  function setup() {
    const ipc = new FakeIpcRenderer()
    const invoke = vi.spyOn(ipc, 'invoke')
    const api: NexudusApi = createNexudusApi(ipc)
    return { ipc, invoke, api }
  }

  it('invokes the method channel with the input as the only argument', async () => {
    const { invoke, api } = setup()
    invoke.mockResolvedValueOnce({ ok: true, data: authState })
    await expect(api.auth.status()).resolves.toEqual({ ok: true, data: authState })
    expect(invoke).toHaveBeenCalledWith(ipcChannel('auth.status'), undefined)
  })

  it('turns a rejected invoke into a Server error Result', async () => {
    const { invoke, api } = setup()
    invoke.mockRejectedValueOnce(new Error("No handler registered for 'nexudus:boards.list'"))
    const result = await api.boards.list()
    expect(result).toMatchObject({ ok: false, error: { kind: 'Server' } })
  })

  it('hands listeners only the payload, never the IpcRendererEvent', () => {
    const { ipc, api } = setup()
    const listener = vi.fn()
    api.on('auth.changed', listener)
    ipc.deliver(IPC_EVENT_CHANNEL, { event: 'auth.changed', payload: authState })
    expect(listener.mock.calls).toEqual([[authState]])
  })

  it('ignores malformed envelopes and unknown event names', () => {
    const { ipc, api } = setup()
    const listener = vi.fn()
    api.on('auth.changed', listener)
    for (const envelope of [
      null,
      'auth.changed',
      { payload: authState },
      { event: 'toString', payload: 1 }
    ]) {
      ipc.deliver(IPC_EVENT_CHANNEL, envelope)
    }
    expect(listener).not.toHaveBeenCalled()
  })

  it('keeps delivering to other listeners when one throws', () => {
    const { ipc, api } = setup()
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    const after = vi.fn()
    api.on('auth.changed', () => {
      throw new Error('boom')
    })
    api.on('auth.changed', after)
    ipc.deliver(IPC_EVENT_CHANNEL, { event: 'auth.changed', payload: authState })
    expect(after).toHaveBeenCalledTimes(1)
    expect(error).toHaveBeenCalled()
    error.mockRestore()
  })

  it('counts the same function subscribed twice as two subscriptions', () => {
    const { ipc, api } = setup()
    const listener = vi.fn()
    const offA = api.on('auth.changed', listener)
    api.on('auth.changed', listener)
    offA()
    ipc.deliver(IPC_EVENT_CHANNEL, { event: 'auth.changed', payload: authState })
    expect(listener).toHaveBeenCalledTimes(1)
    expect(ipc.listenerCount(IPC_EVENT_CHANNEL)).toBe(1)
  })

  it('knows every bridge event and refuses others', () => {
    const { api } = setup()
    for (const event of eventNames) api.on(event, () => {})()
    expect(() => api.on('window.open' as (typeof eventNames)[number], () => {})).toThrow(/Unknown event/)
  })
})
