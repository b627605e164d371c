/**
 * The sandboxed preload: exposes `window.nexudus`, built from the bridge definition, and nothing
 * else. The renderer never gets ipcRenderer or a generic invoke, so it can only call the named
 * bridge methods (and main checks each of those anyway).
 */
import { contextBridge, ipcRenderer } from 'electron'
import {
  buildApi,
  ipcChannel,
  isEventName,
  IPC_EVENT_CHANNEL,
  type EventName,
  type NexudusApi
} from '../shared/bridge-api'
import type { Result } from '../shared/result'

/** The part of ipcRenderer used here; narrow so a test double fits. */
export interface RendererIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown
}

type Listener = (payload: unknown) => void

export function createNexudusApi(ipc: RendererIpc): NexudusApi {
  // Each subscription is its own entry, so subscribing one function twice needs two unsubscribes.
  const listeners = new Map<EventName, Set<{ listener: Listener }>>()

  // One IPC listener for all events; the IpcRendererEvent is dropped because its `sender` is
  // ipcRenderer itself, which must never reach the page.
  ipc.on(IPC_EVENT_CHANNEL, (_event, envelope) => {
    if (typeof envelope !== 'object' || envelope === null) return
    const { event, payload } = envelope as { event?: unknown; payload?: unknown }
    if (!isEventName(event)) return
    for (const { listener } of [...(listeners.get(event) ?? [])]) {
      try {
        listener(payload)
      } catch (e) {
        // One faulty listener must not starve the others.
        console.error(`nexudus: a listener for ${event} threw`, e)
      }
    }
  })

  const invoke = async (name: Parameters<typeof ipcChannel>[0], input: unknown): Promise<Result<unknown>> => {
    try {
      return (await ipc.invoke(ipcChannel(name), input)) as Result<unknown>
    } catch {
      // The renderer always gets a Result; a rejected invoke means main had no answer for us.
      return { ok: false, error: { kind: 'Server', message: 'The app did not answer. Please try again.' } }
    }
  }

  const subscribe = (event: EventName, listener: Listener): (() => void) => {
    let set = listeners.get(event)
    if (!set) listeners.set(event, (set = new Set()))
    const entry = { listener }
    set.add(entry)
    return () => {
      set.delete(entry)
    }
  }

  return buildApi(invoke, subscribe)
}

contextBridge.exposeInMainWorld('nexudus', createNexudusApi(ipcRenderer))
