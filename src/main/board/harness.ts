/**
 * Test wiring for the board service: the real sandbox in-process, the real services signed in as
 * a demo user, and helpers that read what the sandbox holds (never what the app says it did).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { EventName, HandlerInput, Handlers, MoveAnswer, MoveResult } from '../../shared/bridge'
import type { OutboxState } from '../../shared/outbox'
import { DEMO_USERS, startSandbox, type RunningSandbox } from '../../sandbox'
import type { Rec } from '../../sandbox/views'
import { Session as AuthSession } from '../auth/session'
import { createNexudusClient } from '../nexudus/client'
import { createServices, type Services } from '../services'
import { loadSettings } from '../settings'
import { PositionIndex } from './position-index'
import { createBoardService, type BoardService } from './service'
import { byPosition } from '../../shared/order'

export { DEMO_USERS }

export interface Session {
  handlers: Handlers
  /** Resolves once the outbox has sent all it can (nothing waiting or being sent). */
  outboxEmpty(timeoutMs?: number): Promise<OutboxState>
  dir: string
  logs: string[]
  /** What main pushed to the renderer, in order. */
  events: { event: EventName; payload: unknown }[]
  /** Stops the app; `keepDir` leaves its userData for the next start (a restart). */
  close(options?: { keepDir?: boolean }): Promise<void>
}

/** A move that landed: these tests are about moves the server answers, not ones the outbox keeps. */
export function landed(answer: MoveAnswer): MoveResult {
  if ('queued' in answer) throw new Error(`the move was kept in the outbox: ${answer.queued.message ?? ''}`)
  return answer
}

export function startQuietSandbox(): Promise<RunningSandbox> {
  return startSandbox({ port: 0, quiet: true })
}

/** Fresh data and no read/write quotas: these tests are about behaviour, not pacing. */
export function resetSandbox(sandbox: RunningSandbox): void {
  sandbox.control.reset({ preset: 'demo' })
  sandbox.control.setSwitches({ limits: null })
}

export async function signedIn(
  sandbox: RunningSandbox,
  user: { email: string; password: string } = DEMO_USERS.admin,
  /** Stands between the app and the sandbox, e.g. to fail one particular request. */
  fetchVia?: typeof fetch,
  /** An app start on the userData of an earlier one (restart tests); its close keeps the folder. */
  userDataDir?: string
): Promise<Session> {
  const dir = userDataDir ?? (await mkdtemp(join(tmpdir(), 'pipeline-board-')))
  const logs: string[] = []
  const events: { event: EventName; payload: unknown }[] = []
  const services: Services = createServices({
    userDataDir: dir,
    secretStore: null,
    apiUrl: sandbox.url,
    emit: (event, payload) => events.push({ event, payload }),
    log: (line) => logs.push(line),
    ...(fetchVia ? { fetch: fetchVia } : {}),
    // Retry waits are skipped so throttling and 5xx tests take no time; the outbox tries again soon.
    tuning: { minIntervalMs: 0, sleep: async () => {} },
    outbox: { backoffMs: [20, 50, 100] }
  })
  await services.handlers['auth.signIn']({ email: user.email, password: user.password })
  sandbox.control.clearRequests()
  return {
    handlers: services.handlers,
    async outboxEmpty(timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const state = await services.handlers['outbox.list'](undefined)
        if (!state.entries.some((e) => e.state === 'waiting' || e.state === 'sending')) return state
        if (Date.now() > deadline) throw new Error(`the outbox still holds ${state.entries.length} entries`)
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
    },
    dir,
    logs,
    events,
    async close({ keepDir = userDataDir !== undefined } = {}) {
      await services.dispose()
      if (!keepDir) await rm(dir, { recursive: true, force: true })
    }
  }
}

/**
 * The board service alone, signed in as the demo admin, with its position index in the test's
 * hands: for what the handlers cannot show, such as what the index holds after a write.
 */
export async function boardServiceOn(
  sandbox: RunningSandbox
): Promise<{ service: BoardService; index: PositionIndex; close(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'pipeline-service-'))
  const settings = await loadSettings(dir, () => {})
  const auth = new AuthSession({ userDataDir: dir, secretStore: null, settings, defaultServer: sandbox.url })
  await auth.signIn({ server: sandbox.url, ...DEMO_USERS.admin })
  const client = createNexudusClient({ session: auth, minIntervalMs: 0, sleep: async () => {} })
  const index = new PositionIndex()
  sandbox.control.clearRequests()
  return {
    service: createBoardService({ client, settings, index }),
    index,
    async close() {
      client.close()
      auth.close()
      await auth.flush()
      await rm(dir, { recursive: true, force: true })
    }
  }
}

/** A fetch that fails at the network level whenever `fail(method)` says so, and passes on otherwise. */
export function failingFetch(fail: (method: string) => boolean): typeof fetch {
  return (input, init) => {
    const method = (input instanceof Request ? input.method : init?.method) ?? 'GET'
    if (fail(method.toUpperCase())) return Promise.reject(new TypeError('fetch failed'))
    return fetch(input, init)
  }
}

/**
 * A fetch through which a test sees every request (a copy: reading its body is fine) and may
 * answer it itself (a Response), send another one instead (a Request) or let it pass (undefined).
 */
export function interceptingFetch(
  intercept: (request: Request) => Response | Request | undefined | Promise<Response | Request | undefined>
): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init)
    const replaced = await intercept(request.clone())
    if (replaced instanceof Response) return replaced
    return fetch(replaced ?? request)
  }
}

/** A JSON answer as a server would send it. */
export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

export function sandboxView(sandbox: RunningSandbox) {
  const { data } = sandbox.control.state
  const boardId = (name: string): number => {
    const board = [...data.boards.values()].find((b) => b.Name === name)
    if (!board) throw new Error(`no board ${name}`)
    return board.Id
  }
  const stageId = (boardName: string, stageName: string): number => {
    const id = boardId(boardName)
    const column = [...data.columns.values()].find((c) => c.CrmBoardId === id && c.Name === stageName)
    if (!column) throw new Error(`no stage ${boardName} / ${stageName}`)
    return column.Id
  }
  const cardsIn = (columnId: number, status?: number) =>
    [...data.opportunities.values()]
      .filter((o) => o.CrmBoardColumnId === columnId && (status === undefined || o.Status === status))
      .sort(byPosition)
  const record = (id: number): Rec => {
    const found = sandbox.control.getOpportunity(id)
    if (!found) throw new Error(`no opportunity ${id}`)
    return found
  }
  return {
    boardId,
    stageId,
    /** Open cards of a stage in display order. */
    openIds: (columnId: number) => cardsIn(columnId, 1).map((o) => o.Id),
    cardsIn,
    record,
    expected: (id: number) => {
      const r = record(id)
      return { columnId: r.CrmBoardColumnId as number, updatedOn: r.UpdatedOn as string }
    },
    /** API requests since the last clear, token requests left out. */
    requests: () =>
      sandbox.control
        .requests()
        .filter((r) => r.path.startsWith('/api/') && r.path.toLowerCase() !== '/api/token')
        .map((r) => ({ method: r.method, path: r.path, query: r.query, status: r.status })),
    puts: () => sandbox.control.requests().filter((r) => r.method === 'PUT')
  }
}

export type SandboxView = ReturnType<typeof sandboxView>

/** An intent that drops `id` at `index` among the stage's other open cards, as a renderer would send it. */
export function dropAt(
  view: SandboxView,
  id: number,
  columnId: number,
  index: number
): { intent: HandlerInput<'opportunity.move'>; order: number[] } {
  const others = view.openIds(columnId).filter((other) => other !== id)
  const order = [...others]
  order.splice(index, 0, id)
  return {
    intent: {
      opportunityId: id,
      expected: view.expected(id),
      to: { columnId, afterId: others[index - 1] ?? null, beforeId: others[index] ?? null }
    },
    order
  }
}

/** A record without the fields a move may change, for "nothing else changed" comparisons. */
export function withoutMoveFields(record: Rec): Rec {
  const moveFields = [
    'CrmBoardColumnId',
    'CrmBoardColumnName',
    'Position',
    'UpdatedOn',
    'UpdatedBy',
    'CrmUpdatedOn'
  ]
  return Object.fromEntries(Object.entries(record).filter(([key]) => !moveFields.includes(key)))
}
