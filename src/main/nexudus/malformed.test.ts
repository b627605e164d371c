/**
 * A server (or a proxy in front of it) answering garbage: the real services, signed in to the
 * sandbox, with one kind of request answered by something malformed. What the renderer gets must
 * be a Server error it can show (no body, no token), a write must never follow a read it could not
 * trust, and the very next call, answered normally, must work: the app keeps going.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { BoardSnapshot } from '../../shared/bridge'
import { unpackCards } from '../../shared/card-table'
import type { Result } from '../../shared/result'
import type { RunningSandbox } from '../../sandbox'
import {
  DEMO_USERS,
  dropAt,
  interceptingFetch,
  jsonResponse,
  resetSandbox,
  sandboxView,
  signedIn,
  startQuietSandbox,
  type SandboxView,
  type Session
} from '../board/harness'
import { createDispatcher, type Dispatch } from '../bridge/dispatch'

const BOARD = 'Memberships & desks'
/** Planted in every malformed body: it must never reach the user's screen. */
const MARKER = 'BODY-MARKER-7f3a'
const MB = 1024 * 1024

type Kind = 'list' | 'record'

interface Target {
  label: string
  kind: Kind
  matches: (url: URL) => boolean
}

const OPP = '/api/crm/crmopportunities'
const byId = (path: string) => (url: URL) => new RegExp(`^${path}/\\d+$`, 'i').test(url.pathname)
const listOf = (path: string) => (url: URL) => url.pathname.toLowerCase() === path

const targets = {
  boards: { label: 'the boards list', kind: 'list', matches: listOf('/api/crm/crmboards') },
  board: { label: 'the board GET', kind: 'record', matches: byId('/api/crm/crmboards') },
  columns: { label: 'the stages list', kind: 'list', matches: listOf('/api/crm/crmboardcolumns') },
  cards: { label: 'the opportunities list', kind: 'list', matches: listOf(OPP) },
  card: { label: 'the opportunity GET', kind: 'record', matches: byId(OPP) },
  history: { label: 'the history list', kind: 'list', matches: listOf('/api/crm/crmopportunityhistories') }
} satisfies Record<string, Target>

/** Fields some record schema requires (Id aside): dropping them must make any record unusable. */
const REQUIRED = [
  'BusinessId',
  'Name',
  'CrmBoardId',
  'CrmBoardColumnId',
  'CoworkerId',
  'CrmOpportunityId',
  'Position',
  'Status'
]

type Json = Record<string, unknown>

interface Malformed {
  label: string
  /** A 5xx is worth retrying, and a write behind it is kept by the outbox rather than refused. */
  transient?: boolean
  kinds?: Kind[]
  answer(real: () => Promise<Response>, kind: Kind, url: URL): Response | Promise<Response>
}

const html = (status: number) =>
  new Response(`<!DOCTYPE html><html><body><h1>Error</h1><p>${MARKER}</p></body></html>`, {
    status,
    headers: { 'Content-Type': 'text/html; charset=utf-8' }
  })

const json = (text: string, headers: Record<string, string> = {}) =>
  new Response(text, { status: 200, headers: { 'Content-Type': 'application/json', ...headers } })

/** The first record of the real answer (list or single), changed by `edit`. */
async function editFirst(real: () => Promise<Response>, kind: Kind, edit: (record: Json) => Json) {
  const body = (await (await real()).json()) as Json
  if (kind === 'record') return jsonResponse(edit(body))
  const records = body.Records as Json[]
  // An empty list has no record to spoil: a spoilt one is added.
  body.Records = records.length ? [edit(records[0]!), ...records.slice(1)] : [edit({ Id: 1 })]
  return jsonResponse(body)
}

let tenMegabytes: string | null = null
/** Valid JSON of the wrong shape, ~10 MB: an array of strings where an object is expected. */
function tenMb(): string {
  tenMegabytes ??= `[${Array.from({ length: Math.ceil((10 * MB) / (MARKER.length + 3)) }, () => `"${MARKER}"`).join(',')}]`
  return tenMegabytes
}

/** A body without Content-Length, as a server streaming it would send it. */
function streamedJson(next: () => Uint8Array | null): Response {
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = next()
      if (chunk) controller.enqueue(chunk)
      else controller.close()
    }
  })
  return new Response(body, { status: 200, headers: { 'Content-Type': 'application/json' } })
}

const CHUNK = 64 * 1024

const malformed: Malformed[] = [
  {
    label: 'a record with wrong types (Id as a string, Position "abc")',
    answer: (real, kind) =>
      editFirst(real, kind, (record) => ({ ...record, Id: `${String(record.Id)}${MARKER}`, Position: 'abc' }))
  },
  {
    label: 'a record missing its required fields',
    answer: (real, kind) =>
      editFirst(real, kind, (record) =>
        Object.fromEntries(Object.entries(record).filter(([key]) => !REQUIRED.includes(key)))
      )
  },
  { label: 'an HTML error page with status 200', answer: () => html(200) },
  { label: 'an HTML error page with status 502', transient: true, answer: () => html(502) },
  {
    label: 'truncated JSON',
    answer: async (real) => {
      const text = await (await real()).text()
      return json(text.slice(0, Math.floor(text.length / 2)))
    }
  },
  { label: 'an empty body', answer: () => json('') },
  { label: 'JSON null', answer: () => json('null') },
  {
    label: 'a 10 MB body with Content-Length',
    answer: () => json(tenMb(), { 'Content-Length': String(Buffer.byteLength(tenMb())) })
  },
  {
    label: 'a 10 MB body streamed without Content-Length',
    answer: () => {
      const bytes = new TextEncoder().encode(tenMb())
      let at = 0
      return streamedJson(() => (at < bytes.length ? bytes.subarray(at, (at += CHUNK)) : null))
    }
  },
  {
    label: 'a body declared larger than the app reads (Content-Length 25 MB)',
    answer: () => json(`"${MARKER}"`, { 'Content-Length': String(25 * MB) })
  },
  {
    label: 'a body streamed past the app’s limit without Content-Length (21 MB)',
    answer: () => {
      const chunk = new TextEncoder().encode(MARKER.padEnd(CHUNK, ' '))
      let sent = 0
      return streamedJson(() => (sent++ < (21 * MB) / CHUNK ? chunk : null))
    }
  },
  {
    label: 'another record than the one asked for',
    kinds: ['record'],
    // A real one, so that trusting the answer would overwrite a record nobody moved.
    answer: (real, _kind, url) => editFirst(real, 'record', (record) => ({ ...record, Id: anotherId(url) }))
  },
  {
    label: 'a list envelope whose Records is not an array',
    kinds: ['list'],
    answer: async (real) => {
      const body = (await (await real()).json()) as Json
      return jsonResponse({ ...body, Records: { 0: (body.Records as Json[])[0] ?? null, note: MARKER } })
    }
  },
  {
    label: 'a list envelope where one record is expected',
    kinds: ['record'],
    answer: async (real) =>
      jsonResponse({
        Records: [await (await real()).json()],
        CurrentPage: 1,
        TotalItems: 1,
        TotalPages: 1,
        MARKER
      })
  }
]

/** Another record of the same collection that the sandbox holds. */
function anotherId(url: URL): number {
  const [, collection, id] = /\/(crmboards|crmopportunities)\/(\d+)$/i.exec(url.pathname) ?? []
  const { data } = sandbox.control.state
  const records = collection?.toLowerCase() === 'crmboards' ? data.boards : data.opportunities
  const other = [...records.keys()].find((key) => key !== Number(id))
  if (other === undefined) throw new Error(`no record besides ${url.pathname}`)
  return other
}

const casesFor = (target: Target, { withTransient = true } = {}) =>
  malformed
    .filter((m) => !m.kinds || m.kinds.includes(target.kind))
    .filter((m) => withTransient || !m.transient)
    .map((m) => ({ ...m, target }))

let sandbox: RunningSandbox
let session: Session
let dispatch: Dispatch
let view: SandboxView
/** The one spoilt kind of request: every request it matches is answered by it (retries too). */
let trap: { target: Target; answer: Malformed['answer']; hits: number } | null = null

beforeAll(async () => {
  sandbox = await startQuietSandbox()
  resetSandbox(sandbox)
  const fetchVia = interceptingFetch((request) => {
    const url = new URL(request.url)
    if (!trap || request.method !== 'GET' || !trap.target.matches(url)) return undefined
    trap.hits++
    return trap.answer(() => fetch(request), trap.target.kind, url)
  })
  session = await signedIn(sandbox, DEMO_USERS.admin, fetchVia)
  dispatch = createDispatcher(session.handlers)
})
afterAll(async () => {
  await session?.close()
  await sandbox?.close()
})
beforeEach(async () => {
  // Fresh data and a fresh sign-in (a reset revokes tokens), but the same services throughout:
  // what must keep working is the app that saw the garbage.
  resetSandbox(sandbox)
  expect(await dispatch('auth.signIn', DEMO_USERS.admin)).toMatchObject({ ok: true })
  sandbox.control.clearRequests()
  view = sandboxView(sandbox)
})
afterEach(() => {
  trap = null
})

async function spoilt(
  target: Target,
  answer: Malformed['answer'],
  call: () => Promise<Result<unknown>>
): Promise<Result<unknown>> {
  trap = { target, answer, hits: 0 }
  try {
    const result = await call()
    // Otherwise the test would prove nothing about the malformed answer.
    expect(trap.hits, `${target.label} was never requested`).toBeGreaterThan(0)
    return result
  } finally {
    trap = null
  }
}

/** The words the renderer would show: a Server error, a sentence, nothing from the body or a token. */
function expectClearServerError(result: Result<unknown>): void {
  expect(result).toMatchObject({ ok: false, error: { kind: 'Server' } })
  if (result.ok) return
  const { message } = result.error
  expect(message).toMatch(/^[A-Z].*\.$/)
  expect(message.length).toBeLessThanOrEqual(300)
  expect(message).not.toContain(MARKER)
  expect(message).not.toMatch(/[<{}[\]]|abc/)
  for (const token of sandbox.control.issuedTokens()) {
    expect(message).not.toContain(token)
    for (const line of session.logs) expect(line).not.toContain(token)
  }
}

const writes = () => view.requests().filter((r) => r.method !== 'GET')

describe('boards.list', () => {
  it.each(casesFor(targets.boards))('$label: a clear Server error, then the next list works', async (c) => {
    expectClearServerError(await spoilt(c.target, c.answer, () => dispatch('boards.list', {})))

    const next = await dispatch('boards.list', {})
    const active = [...sandbox.control.state.data.boards.values()].filter((b) => !b.Archived).map((b) => b.Id)
    expect(next.ok && (next.data as { Id: number }[]).map((b) => b.Id).sort()).toEqual(active.sort())
  })
})

describe('board.load', () => {
  const cases = [targets.board, targets.columns, targets.cards].flatMap((target) => casesFor(target))
  it.each(cases)('$target.label answers $label: a clear Server error, then the board loads', async (c) => {
    const boardId = view.boardId(BOARD)
    expectClearServerError(await spoilt(c.target, c.answer, () => dispatch('board.load', { boardId })))

    const next = await dispatch('board.load', { boardId })
    expect(next.ok, JSON.stringify(!next.ok && next.error)).toBe(true)
    if (!next.ok) return
    const stages = [...sandbox.control.state.data.columns.values()].filter((s) => s.CrmBoardId === boardId)
    const stageIds = new Set(stages.map((s) => s.Id))
    const cards = [...sandbox.control.state.data.opportunities.values()].filter((o) =>
      stageIds.has(o.CrmBoardColumnId)
    )
    const snapshot = next.data as BoardSnapshot
    expect(snapshot.board.Id).toBe(boardId)
    expect(snapshot.columns.map((s) => s.Id).sort()).toEqual([...stageIds].sort())
    expect(
      unpackCards(snapshot.cards)
        .map((card) => card.Id)
        .sort()
    ).toEqual(cards.map((o) => o.Id).sort())
  })
})

describe('opportunity.get', () => {
  const cases = [targets.card, targets.history].flatMap((target) => casesFor(target))
  it.each(cases)('$target.label answers $label: a clear Server error, then the drawer opens', async (c) => {
    const id = view.openIds(view.stageId(BOARD, 'Tour done'))[0]!
    expectClearServerError(await spoilt(c.target, c.answer, () => dispatch('opportunity.get', { id })))

    const next = await dispatch('opportunity.get', { id })
    expect(next).toMatchObject({
      ok: true,
      data: { record: { Id: id, UpdatedOn: view.record(id).UpdatedOn } }
    })
  })
})

describe('opportunity.move', () => {
  // A 5xx before a move is the outbox's case (the move waits to be sent), not a refusal.
  it.each(casesFor(targets.card, { withTransient: false }))(
    'the GET before the PUT answers $label: a clear Server error, nothing written, then the move lands',
    async (c) => {
      const [from, to] = [view.stageId(BOARD, 'New enquiry'), view.stageId(BOARD, 'Proposal sent')]
      const id = view.openIds(from)[0]!
      const before = view.record(id)
      const { intent } = dropAt(view, id, to, 0)

      expectClearServerError(await spoilt(c.target, c.answer, () => dispatch('opportunity.move', intent)))
      expect(writes()).toEqual([])
      expect(view.record(id)).toEqual(before)

      const next = await dispatch('opportunity.move', intent)
      expect(next).toMatchObject({ ok: true, data: { opportunity: { Id: id, CrmBoardColumnId: to } } })
      expect(view.record(id).CrmBoardColumnId).toBe(to)
      expect(view.openIds(to)[0]).toBe(id)
    }
  )
})
