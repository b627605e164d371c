/**
 * A typed stand-in for `window.nexudus` in unit tests. Every method not given answers a Server
 * error naming itself, so a test notices an unexpected call; `emit` plays main pushing an event.
 */
import type { AuthState, EventName, EventPayload, NexudusApi } from '../../../shared/bridge'
import type { Result } from '../../../shared/result'

export interface FakeApiParts {
  auth?: Partial<NexudusApi['auth']>
  boards?: Partial<NexudusApi['boards']>
  board?: Partial<NexudusApi['board']>
  opportunity?: Partial<NexudusApi['opportunity']>
  lookup?: Partial<NexudusApi['lookup']>
  outbox?: Partial<NexudusApi['outbox']>
}

export type FakeApi = NexudusApi & {
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void
  listenerCount(event: EventName): number
}

const notFaked = (name: string) => async (): Promise<Result<never>> => ({
  ok: false,
  error: { kind: 'Server', message: `${name} is not faked in this test` }
})

export function fakeApi(parts: FakeApiParts = {}): FakeApi {
  const listeners = new Map<EventName, Set<(payload: never) => void>>()
  return {
    auth: {
      status: notFaked('auth.status'),
      signIn: notFaked('auth.signIn'),
      openDemo: notFaked('auth.openDemo'),
      signOut: notFaked('auth.signOut'),
      ...parts.auth
    },
    boards: { list: notFaked('boards.list'), ...parts.boards },
    board: {
      load: notFaked('board.load'),
      cached: notFaked('board.cached'),
      changes: notFaked('board.changes'),
      notes: notFaked('board.notes'),
      stageTimes: notFaked('board.stageTimes'),
      ...parts.board
    },
    opportunity: {
      move: notFaked('opportunity.move'),
      get: notFaked('opportunity.get'),
      save: notFaked('opportunity.save'),
      create: notFaked('opportunity.create'),
      delete: notFaked('opportunity.delete'),
      ...parts.opportunity
    },
    lookup: {
      coworkers: notFaked('lookup.coworkers'),
      users: notFaked('lookup.users'),
      opportunityTypes: notFaked('lookup.opportunityTypes'),
      ...parts.lookup
    },
    outbox: {
      list: async () => ({ ok: true, data: { entries: [], nextAttemptAt: null, sent: 0, version: 1 } }),
      retry: notFaked('outbox.retry'),
      discard: notFaked('outbox.discard'),
      ...parts.outbox
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set()
      listeners.set(event, set)
      set.add(listener)
      return () => set.delete(listener)
    },
    emit(event, payload) {
      for (const fn of listeners.get(event) ?? []) (fn as (p: typeof payload) => void)(payload)
    },
    listenerCount: (event) => listeners.get(event)?.size ?? 0
  }
}

export function authState(overrides: Partial<AuthState> = {}): AuthState {
  return {
    signedIn: false,
    email: null,
    server: 'https://spaces.nexudus.com',
    demo: false,
    persistence: 'encrypted',
    notice: null,
    ...overrides
  }
}
