/**
 * Browser mode's stand-in for the preload: builds `window.nexudus` from the same bridge
 * definition, over fetch and EventSource. The secret is read from the page the server served.
 */
import { buildApi, eventNames, type EventName, type MethodName } from '../shared/bridge-api'
import type { Result } from '../shared/result'

const secret = document.querySelector<HTMLMetaElement>('meta[name="nexudus-bridge-secret"]')?.content ?? ''
const unreachable = (detail: string): Result<unknown> => ({
  ok: false,
  error: { kind: 'Network', message: `The app's background service is not responding (${detail}).` }
})

async function invoke(method: MethodName, input: unknown): Promise<Result<unknown>> {
  try {
    const response = await fetch(`./bridge/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Bridge-Secret': secret },
      body: JSON.stringify({ input })
    })
    if (!response.ok) return unreachable(`HTTP ${response.status}`)
    // Bytes first, decoded in one go: response.json() decodes a multi-megabyte board chunk by
    // chunk on the page's main thread as it arrives, which cost more than the parse itself.
    return JSON.parse(new TextDecoder().decode(await response.arrayBuffer())) as Result<unknown>
  } catch (e) {
    return unreachable(e instanceof Error ? e.message : 'no answer')
  }
}

const listeners = new Map<EventName, Set<(payload: unknown) => void>>()
let source: EventSource | null = null

function subscribe(event: EventName, listener: (payload: unknown) => void): () => void {
  if (!source) {
    source = new EventSource(`./bridge/events?secret=${encodeURIComponent(secret)}`)
    for (const name of eventNames) {
      source.addEventListener(name, (message) => {
        const payload: unknown = JSON.parse((message as MessageEvent<string>).data)
        for (const fn of listeners.get(name) ?? []) fn(payload)
      })
    }
  }
  const set = listeners.get(event) ?? new Set()
  listeners.set(event, set)
  set.add(listener)
  return () => set.delete(listener)
}

window.nexudus = buildApi(invoke, subscribe)
