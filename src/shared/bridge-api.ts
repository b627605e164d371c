/**
 * The bridge's names and the code that builds `window.nexudus` from a transport, without zod:
 * the preload and the browser-mode client import only this, so a page does not evaluate every
 * schema before it can make its first call. bridge.ts holds the schemas and checks, at compile
 * time, that they name exactly these methods and events.
 */
import type { EventPayload, MethodInput, MethodOutput } from './bridge'
import type { Result } from './result'

export const methodNames = [
  'auth.status',
  'auth.signIn',
  'auth.openDemo',
  'auth.signOut',
  'boards.list',
  'board.load',
  'board.cached',
  'board.changes',
  'board.notes',
  'board.stageTimes',
  'opportunity.move',
  'opportunity.get',
  'opportunity.save',
  'opportunity.create',
  'opportunity.delete',
  'lookup.coworkers',
  'lookup.users',
  'lookup.opportunityTypes',
  'outbox.list',
  'outbox.retry',
  'outbox.discard'
] as const
export const eventNames = [
  'auth.changed',
  'board.progress',
  'outbox.changed',
  'outbox.settled',
  'app.command'
] as const

export type MethodName = (typeof methodNames)[number]
export type EventName = (typeof eventNames)[number]

type Namespace<K> = K extends `${infer NS}.${string}` ? NS : never
type Call<M extends MethodName> =
  undefined extends MethodInput<M>
    ? (input?: MethodInput<M>) => Promise<Result<MethodOutput<M>>>
    : (input: MethodInput<M>) => Promise<Result<MethodOutput<M>>>

/** `window.nexudus`: `nexudus.auth.signIn({...})`, `nexudus.on('auth.changed', fn)`. */
export type NexudusApi = {
  [NS in Namespace<MethodName>]: {
    [K in MethodName as K extends `${NS}.${infer Name}` ? Name : never]: Call<K>
  }
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
}

export type Invoke = (method: MethodName, input: unknown) => Promise<Result<unknown>>
export type Subscribe = (event: EventName, listener: (payload: unknown) => void) => () => void

export const isEventName = (name: unknown): name is EventName =>
  typeof name === 'string' && (eventNames as readonly string[]).includes(name)

/** Builds the renderer-facing object from a transport; used by the preload and by browser mode. */
export function buildApi(invoke: Invoke, subscribe: Subscribe): NexudusApi {
  const api: Record<string, unknown> = {}
  for (const name of methodNames) {
    const [ns, method] = name.split('.') as [string, string]
    const group = (api[ns] ??= {}) as Record<string, unknown>
    group[method] = (input?: unknown) => invoke(name, input)
  }
  api.on = (event: EventName, listener: (payload: unknown) => void) => {
    if (!isEventName(event)) throw new Error(`Unknown event ${String(event)}`)
    return subscribe(event, listener)
  }
  return api as NexudusApi
}

/** IPC channel names; one per method so main can register exactly the known ones. */
export const ipcChannel = (method: MethodName): string => `nexudus:${method}`
export const IPC_EVENT_CHANNEL = 'nexudus:event'
