/**
 * Test wiring for the board service: the real sandbox in-process, the real services signed in as
 * a demo user, and helpers that read what the sandbox holds (never what the app says it did).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { HandlerInput, Handlers } from '../../shared/bridge'
import { DEMO_USERS, startSandbox, type RunningSandbox } from '../../sandbox'
import type { Rec } from '../../sandbox/views'
import { createServices, type Services } from '../services'

export { DEMO_USERS }

export interface Session {
  handlers: Handlers
  dir: string
  logs: string[]
  close(): Promise<void>
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
  fetchVia?: typeof fetch
): Promise<Session> {
  const dir = await mkdtemp(join(tmpdir(), 'pipeline-board-'))
  const logs: string[] = []
  const services: Services = createServices({
    userDataDir: dir,
    secretStore: null,
    apiUrl: sandbox.url,
    emit: () => {},
    log: (line) => logs.push(line),
    ...(fetchVia ? { fetch: fetchVia } : {}),
    // Retry waits are skipped so throttling and 5xx tests take no time.
    tuning: { minIntervalMs: 0, sleep: async () => {} }
  })
  await services.handlers['auth.signIn']({ email: user.email, password: user.password })
  sandbox.control.clearRequests()
  return {
    handlers: services.handlers,
    dir,
    logs,
    async close() {
      await services.dispose()
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
      .sort((a, b) => a.Position - b.Position || a.Id - b.Id)
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
