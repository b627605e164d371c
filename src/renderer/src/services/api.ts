/**
 * The renderer's only door to main: `window.nexudus`, set by the preload (Electron) or by the
 * browser-mode bridge client. Stores go through `call()`; components never touch the bridge.
 */
import type { EventName, EventPayload, NexudusApi } from '../../../shared/bridge'
import type { Result } from '../../../shared/result'

export class BridgeMissingError extends Error {
  constructor() {
    super(
      "Pipeline can't reach its background service: window.nexudus is missing (the preload or bridge script did not run)."
    )
    this.name = 'BridgeMissingError'
  }
}

let override: NexudusApi | null = null

/** Tests (and only tests) put a fake bridge in place; `null` goes back to `window.nexudus`. */
export function setApi(fake: NexudusApi | null): void {
  override = fake
}

export function api(): NexudusApi {
  if (override) return override
  const bridge = (window as Partial<Window>).nexudus
  if (!bridge) throw new BridgeMissingError()
  return bridge
}

/**
 * Runs one bridge call and always answers a Result. Expected failures already arrive as
 * `{ ok: false }`; a missing bridge or a transport that throws becomes one too, so stores never
 * need try/catch.
 */
export async function call<T>(fn: (bridge: NexudusApi) => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await fn(api())
  } catch (e) {
    const message =
      e instanceof BridgeMissingError
        ? e.message
        : `Something went wrong talking to the app's background service (${e instanceof Error ? e.message : String(e)}).`
    return { ok: false, error: { kind: 'Server', message } }
  }
}

/**
 * Listens to one of main's events (`nexudus.on`); answers the function that stops listening.
 * Without a bridge there is nothing to hear, and nothing to stop.
 */
export function subscribe<E extends EventName>(
  event: E,
  listener: (payload: EventPayload<E>) => void
): () => void {
  try {
    return api().on(event, listener)
  } catch {
    return () => {}
  }
}
