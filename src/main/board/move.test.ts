import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { HandlerInput, MoveResult } from '../../shared/bridge'
import { toCard } from '../../shared/card'
import type { RunningSandbox } from '../../sandbox'
import {
  boardServiceOn,
  DEMO_USERS,
  dropAt,
  landed,
  failingFetch,
  resetSandbox,
  sandboxView,
  signedIn,
  startQuietSandbox,
  withoutMoveFields,
  type SandboxView,
  type Session
} from './harness'

const BOARD = 'Memberships & desks'
let sandbox: RunningSandbox
let session: Session
let view: SandboxView
let move: (intent: HandlerInput<'opportunity.move'>) => Promise<MoveResult>
/** Stage ids of the demo board by name. */
let stage: (name: string) => number

beforeAll(async () => {
  sandbox = await startQuietSandbox()
})
afterAll(() => sandbox.close())
beforeEach(async () => {
  resetSandbox(sandbox)
  session = await signedIn(sandbox)
  view = sandboxView(sandbox)
  stage = (name) => view.stageId(BOARD, name)
  move = (intent) => session.handlers['opportunity.move'](intent).then(landed)
  // A renderer always has the board loaded; its stages' flags are cached from here on.
  await session.handlers['board.load']({ boardId: view.boardId(BOARD) })
  sandbox.control.clearRequests()
})
afterEach(() => session.close())

const nowish = (date: unknown) => Math.abs(Date.parse(String(date)) - Date.now()) < 60_000
const requestLines = () => view.requests().map((r) => `${r.method} ${r.path}`)

async function rejection(promise: Promise<unknown>) {
  return promise.then(
    () => expect.unreachable('the move should have failed'),
    (error: unknown) => error as { kind: string; message: string; detail: Record<string, unknown> }
  )
}

describe('opportunity.move to a place in a stage', () => {
  it('moves to another stage at the chosen index and changes nothing else in the record', async () => {
    const [from, to] = [stage('New enquiry'), stage('Proposal sent')]
    const id = view.openIds(from)[1]!
    const before = view.record(id)
    const { intent, order } = dropAt(view, id, to, 2)

    const result = await move(intent)

    const after = view.record(id)
    expect(after.CrmBoardColumnId).toBe(to)
    expect(view.openIds(to)).toEqual(order)
    expect(view.openIds(from)).not.toContain(id)
    expect(withoutMoveFields(after)).toEqual(withoutMoveFields(before))
    expect(result.writes).toBe(1)
    expect(result.opportunity).toEqual(after)
    // Only the destination is re-read: taking a card out does not reorder the source.
    expect(result.columns.map((c) => c.columnId)).toEqual([to])
    expect(result.columns[0]!.opportunities.map((o) => o.Id)).toEqual(view.cardsIn(to).map((o) => o.Id))
    // GET card, PUT, re-read the destination: the position index stood in for a list read (reads.ts).
    expect(requestLines()).toEqual([
      `GET /api/crm/crmopportunities/${id}`,
      'PUT /api/crm/crmopportunities',
      'GET /api/crm/crmopportunities'
    ])
    expect(view.requests()[2]!.query).toEqual(
      expect.not.objectContaining({ CrmOpportunity_Status: expect.anything() as unknown })
    )
  })

  it.each([
    ['top', 0],
    ['middle', 2],
    ['bottom', 4]
  ])('reorders within a stage at the %s in three requests', async (_label, index) => {
    const column = stage('Tour booked')
    const id = view.openIds(column)[6]!
    const before = view.record(id)
    const { intent, order } = dropAt(view, id, column, index)

    const result = await move(intent)

    expect(view.openIds(column)).toEqual(order)
    expect(withoutMoveFields(view.record(id))).toEqual(withoutMoveFields(before))
    expect(result.writes).toBe(1)
    expect(result.columns.map((c) => c.columnId)).toEqual([column])
    expect(requestLines()).toHaveLength(3)
  })

  it('writes nothing when the card is dropped back on its own place', async () => {
    const column = stage('Tour booked')
    const id = view.openIds(column)[3]!
    const { intent, order } = dropAt(view, id, column, 3)
    const result = await move(intent)
    expect(result.writes).toBe(0)
    expect(view.puts()).toHaveLength(0)
    expect(view.openIds(column)).toEqual(order)
  })

  it('places before the other neighbour when the one below which it was dropped has left', async () => {
    const column = stage('Proposal sent')
    const id = view.openIds(stage('New enquiry'))[0]!
    const { intent } = dropAt(view, id, column, 3)
    const gone = intent.to!.afterId!
    const beforeId = intent.to!.beforeId!
    expect(sandbox.control.patchOpportunity(gone, { CrmBoardColumnId: stage('Negotiation') }).ok).toBe(true)

    await move(intent)

    const ids = view.openIds(column)
    expect(ids.indexOf(id)).toBe(ids.indexOf(beforeId) - 1)
  })

  it('is no conflict when every named neighbour has left: the card goes to the stage’s end', async () => {
    const column = stage('Proposal sent')
    const id = view.openIds(stage('New enquiry'))[0]!
    const { intent } = dropAt(view, id, column, 3)
    for (const gone of [intent.to!.afterId!, intent.to!.beforeId!])
      sandbox.control.patchOpportunity(gone, { CrmBoardColumnId: stage('Negotiation') })
    // The app has seen them leave (here by a reload); see the next test for when it has not.
    await session.handlers['board.load']({ boardId: view.boardId(BOARD) })

    const result = await move(intent)
    expect(view.openIds(column).at(-1)).toBe(id)
    expect(result.opportunity).toMatchObject({ Id: id, CrmBoardColumnId: column })
    expect(view.puts()).toHaveLength(1)
  })

  it('takes the next card the user named when the nearest are not in the stage (still saving)', async () => {
    const column = stage('Proposal sent')
    const id = view.openIds(stage('New enquiry'))[0]!
    const order = view.openIds(column)
    // The user sees two cards of theirs, not saved yet, just above the drop, under order[0].
    const intent = {
      opportunityId: id,
      expected: view.expected(id),
      to: { columnId: column, afterId: 999_001, beforeId: order[1]!, above: [999_002, order[0]!] }
    }
    await move(intent)
    expect(view.openIds(column).slice(0, 2)).toEqual([order[0], id])
  })

  it('lands in the stage, where those neighbours were, when they left unseen by the index', async () => {
    const column = stage('Proposal sent')
    const id = view.openIds(stage('New enquiry'))[0]!
    const { intent, order } = dropAt(view, id, column, 3)
    const gone = [intent.to!.afterId!, intent.to!.beforeId!]
    for (const other of gone)
      sandbox.control.patchOpportunity(other, { CrmBoardColumnId: stage('Negotiation') })

    // Only the write's re-read can tell; the card has moved by then, so this is a success.
    const result = await move(intent)

    expect(view.openIds(column)).toEqual(order.filter((other) => !gone.includes(other)))
    expect(result.columns[0]!.opportunities.map((o) => o.Id)).toEqual(view.cardsIn(column).map((o) => o.Id))
    expect(view.puts()).toHaveLength(1)
  })

  it('rewrites exactly one neighbour when there is no gap, each from a fresh read', async () => {
    const column = stage('Tour done')
    const open = view.openIds(column)
    const id = view
      .openIds(stage('New enquiry'))
      .find((candidate) => open.some((o) => o > candidate) && open.some((o) => o < candidate))!
    // a and b sit at 1 and 2 and their ids rule out a tie, so the card cannot fit between them.
    const a = open.find((o) => o > id)!
    const b = open.find((o) => o < id)!
    const rest = open.filter((o) => o !== a && o !== b)
    sandbox.control.patchOpportunity(a, { Position: 1 })
    sandbox.control.patchOpportunity(b, { Position: 2 })
    rest.forEach((other, i) => sandbox.control.patchOpportunity(other, { Position: 1000 + 100 * i }))
    const bBefore = view.record(b)
    // The index sees the packed stage, so the plan shifts at once (no correction round).
    await session.handlers['board.load']({ boardId: view.boardId(BOARD) })
    sandbox.control.clearRequests()

    const result = await move({
      opportunityId: id,
      expected: view.expected(id),
      to: { columnId: column, afterId: a, beforeId: b }
    })

    expect(view.openIds(column)).toEqual([a, id, b, ...rest])
    expect(result.writes).toBe(2)
    expect(view.puts()).toHaveLength(2)
    expect(requestLines()).toEqual([
      `GET /api/crm/crmopportunities/${id}`,
      'PUT /api/crm/crmopportunities',
      `GET /api/crm/crmopportunities/${b}`,
      'PUT /api/crm/crmopportunities',
      'GET /api/crm/crmopportunities'
    ])
    const bAfter = view.record(b)
    expect(bAfter.Position).not.toBe(2)
    expect(withoutMoveFields(bAfter)).toEqual(withoutMoveFields(bBefore))
  })

  it('answers with the positions the server holds when it renumbers', async () => {
    sandbox.control.setSwitches({ renumber: true })
    const column = stage('Proposal sent')
    const id = view.openIds(stage('Tour done'))[0]!
    const { intent, order } = dropAt(view, id, column, 1)

    const result = await move(intent)

    expect(view.openIds(column)).toEqual(order)
    const held = view.cardsIn(column).map((o) => [o.Id, o.Position])
    expect(held.map(([, position]) => position)).toEqual(held.map((_, i) => (i + 1) * 100))
    expect(result.columns[0]!.opportunities.map((o) => [o.Id, o.Position])).toEqual(held)
    expect(result.opportunity.Position).toBe(view.record(id).Position)
  })

  it('reads a stage it has not cached before deciding its outcome', async () => {
    const other = await signedIn(sandbox)
    try {
      const id = view.openIds(stage('Negotiation'))[0]!
      const { intent } = dropAt(view, id, stage('Won'), 0)
      await other.handlers['opportunity.move'](intent)
      expect(requestLines()).toContain(`GET /api/crm/crmboardcolumns/${stage('Won')}`)
      expect(view.record(id).Status).toBe(2)
    } finally {
      await other.close()
    }
  })
})

describe('opportunity.move and the position index', () => {
  /** A stage laid out 1000, 2000, 3000 … and re-loaded, so the index holds exactly that. */
  async function spaced(name: string): Promise<number[]> {
    const ids = view.openIds(stage(name))
    ids.forEach((other, i) => sandbox.control.patchOpportunity(other, { Position: 1000 * (i + 1) }))
    await session.handlers['board.load']({ boardId: view.boardId(BOARD) })
    sandbox.control.clearRequests()
    return ids
  }

  it('plans from the index: GET card, PUT, re-read the destination, nothing else', async () => {
    const to = stage('Negotiation')
    const id = view.openIds(stage('Tour done'))[1]!
    const { intent, order } = dropAt(view, id, to, 1)

    const result = await move(intent)

    expect(view.openIds(to)).toEqual(order)
    expect(result.writes).toBe(1)
    const requests = view.requests()
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /api/crm/crmopportunities/${id}`,
      'PUT /api/crm/crmopportunities',
      'GET /api/crm/crmopportunities'
    ])
    expect(requests[2]!.query).toMatchObject({ CrmOpportunity_CrmBoardColumn: String(to) })
  })

  it('keeps to three requests move after move, learning from its own re-reads', async () => {
    const to = stage('Tour booked')
    for (const [from, index] of [
      ['New enquiry', 0],
      ['Tour done', 2],
      ['New enquiry', 1],
      ['Tour booked', 4]
    ] as const) {
      const id = view.openIds(stage(from))[0]!
      const { intent, order } = dropAt(view, id, to, index)
      sandbox.control.clearRequests()
      await move(intent)
      expect(view.openIds(to)).toEqual(order)
      expect(requestLines()).toHaveLength(3)
    }
  })

  it('corrects a card that a stale index put on the wrong side of a neighbour', async () => {
    const column = stage('Tour booked')
    const ids = await spaced('Tour booked')
    const id = view.openIds(stage('New enquiry'))[0]!
    const { intent, order } = dropAt(view, id, column, 3)
    // Behind the index's back, the card below the drop point moves up to just under the one above:
    // a plan from the index (between 3000 and 4000) now lands below it.
    expect([intent.to!.afterId, intent.to!.beforeId]).toEqual([ids[2], ids[3]])
    sandbox.control.patchOpportunity(ids[3]!, { Position: 3010 })
    sandbox.control.clearRequests()

    const result = await move(intent)

    expect(view.openIds(column)).toEqual(order)
    expect(result.columns[0]!.opportunities.map((o) => [o.Id, o.Position])).toEqual(
      view.cardsIn(column).map((o) => [o.Id, o.Position])
    )
    expect(result.opportunity).toEqual(view.record(id))
    expect(result.writes).toBe(2)
    // The move's round, then the correction's: GET card, PUT, re-read, twice.
    expect(requestLines()).toEqual([
      `GET /api/crm/crmopportunities/${id}`,
      'PUT /api/crm/crmopportunities',
      'GET /api/crm/crmopportunities',
      `GET /api/crm/crmopportunities/${id}`,
      'PUT /api/crm/crmopportunities',
      'GET /api/crm/crmopportunities'
    ])
    expect(session.logs.some((line) => line.includes('correcting once'))).toBe(true)
  })

  it('corrects a reorder whose index missed a colleague’s reorder of the same stage', async () => {
    const column = stage('Tour booked')
    const ids = await spaced('Tour booked')
    const id = ids[0]!
    const { intent } = dropAt(view, id, column, 2)
    const afterId = intent.to!.afterId!
    // The card the user dropped it after moves to the top: the index still has it at 3000.
    sandbox.control.patchOpportunity(afterId, { Position: 10 })
    sandbox.control.clearRequests()

    await move(intent)

    const held = view.openIds(column)
    expect(held.slice(0, 2)).toEqual([afterId, id])
    expect(view.puts()).toHaveLength(2)
  })

  it('without an index for the stage, reads its open cards first and still lands right', async () => {
    const fresh = await signedIn(sandbox)
    try {
      const to = stage('Proposal sent')
      const id = view.openIds(stage('Tour done'))[0]!
      const { intent, order } = dropAt(view, id, to, 2)

      const result = landed(await fresh.handlers['opportunity.move'](intent))

      expect(view.openIds(to)).toEqual(order)
      expect(result.columns.map((c) => c.columnId)).toEqual([to])
      const lists = view
        .requests()
        .filter((r) => r.path === '/api/crm/crmopportunities' && r.method === 'GET')
      expect(lists.map((r) => r.query.CrmOpportunity_Status)).toEqual(['1', undefined])
      // GET card ∥ open cards ∥ the stage's flags, PUT, re-read.
      expect(view.requests()).toHaveLength(5)

      // The re-read taught the index the stage: the next move into it needs no list read.
      const next = view.openIds(stage('Tour done'))[0]!
      sandbox.control.clearRequests()
      await fresh.handlers['opportunity.move'](dropAt(view, next, to, 0).intent)
      expect(view.requests()).toHaveLength(3)
    } finally {
      await fresh.close()
    }
  })

  it('reads the stage when the index does not hold the neighbour the user named', async () => {
    const to = stage('Proposal sent')
    const newcomer = view.openIds(stage('Negotiation'))[0]!
    // Someone else moved a card in; the renderer may know it (e.g. from another move's re-read).
    sandbox.control.patchOpportunity(newcomer, { CrmBoardColumnId: to, Position: 999_999 })
    const id = view.openIds(stage('New enquiry'))[0]!
    sandbox.control.clearRequests()

    await move({
      opportunityId: id,
      expected: view.expected(id),
      to: { columnId: to, afterId: newcomer, beforeId: null }
    })

    expect(view.openIds(to).slice(-2)).toEqual([newcomer, id])
    expect(requestLines()).toEqual([
      `GET /api/crm/crmopportunities/${id}`,
      'GET /api/crm/crmopportunities',
      'PUT /api/crm/crmopportunities',
      'GET /api/crm/crmopportunities'
    ])
  })

  it('learns once that a renumbering server keeps the Positions of the stage a card left', async () => {
    sandbox.control.setSwitches({ renumber: true })
    const [a, b] = [stage('Tour done'), stage('Proposal sent')]
    const first = dropAt(view, view.openIds(a)[1]!, b, 1)

    const result = await move(first.intent)

    // The server stored another Position than the one sent: the source is re-read once, to learn.
    expect(view.openIds(b)).toEqual(first.order)
    expect(result.columns.map((c) => c.columnId)).toEqual([b, a])
    expect(result.columns[1]!.opportunities.map((o) => o.Id)).toEqual(view.cardsIn(a).map((o) => o.Id))
    expect(requestLines()).toHaveLength(4)

    // Sources keep their Positions here, so later moves, into the old source too, cost three.
    for (const [from, to] of [
      [b, a],
      [a, stage('Negotiation')]
    ]) {
      const next = dropAt(view, view.openIds(from!)[0]!, to!, 1)
      sandbox.control.clearRequests()
      const answer = await move(next.intent)
      expect(view.openIds(to!)).toEqual(next.order)
      expect(answer.columns.map((c) => c.columnId)).toEqual([to])
      expect(requestLines()).toHaveLength(3)
    }
  })

  it('reads a stage a card left before planning into it, once the server is seen renumbering it', async () => {
    sandbox.control.setSwitches({ renumber: true })
    const [a, b] = [stage('Tour booked'), stage('Proposal sent')]
    // Like a server that renumbers both stages of a move: after each PUT, the stage `a` too.
    const renumberingBoth: typeof fetch = async (input, init) => {
      const response = await fetch(input, init)
      const first = view.cardsIn(a)[0]
      const method = input instanceof Request ? input.method : init?.method
      if (method === 'PUT' && first) sandbox.control.patchOpportunity(first.Id, { Position: first.Position })
      return response
    }
    const other = await signedIn(sandbox, DEMO_USERS.admin, renumberingBoth)
    try {
      await other.handlers['board.load']({ boardId: view.boardId(BOARD) })
      const leaving = dropAt(view, view.openIds(a)[1]!, b, 0)
      sandbox.control.clearRequests()
      const result = landed(await other.handlers['opportunity.move'](leaving.intent))
      expect(result.columns.map((c) => c.columnId)).toEqual([b, a])
      expect(other.logs.some((line) => line.includes('the stages cards leave are renumbered'))).toBe(true)

      // Another card leaves `a`; the next drop into `a` lists it first and needs no correction.
      await other.handlers['opportunity.move'](dropAt(view, view.openIds(a)[2]!, b, 1).intent)
      const back = dropAt(view, view.openIds(b)[0]!, a, 3)
      sandbox.control.clearRequests()
      await other.handlers['opportunity.move'](back.intent)
      expect(view.openIds(a)).toEqual(back.order)
      expect(view.puts()).toHaveLength(1)
      expect(view.requests().filter((r) => r.query.CrmOpportunity_Status === '1')).toHaveLength(1)
      expect(view.requests()).toHaveLength(4)
    } finally {
      await other.close()
    }
  })

  it('reads both stages again before the next move after a PUT whose answer was lost', async () => {
    const from = stage('New enquiry')
    const to = stage('Tour done')
    const id = view.openIds(from)[2]!
    // The board service alone: the outbox would keep the first move, not fail it.
    const { service, close } = await boardServiceOn(sandbox)
    try {
      await service.load(view.boardId(BOARD))
      sandbox.control.setSwitches({ failNext: { count: 20, method: 'PUT' } })
      await rejection(service.move(dropAt(view, id, to, 1).intent))
      sandbox.control.setSwitches({ failNext: null })
      sandbox.control.clearRequests()

      const { intent, order } = dropAt(view, id, to, 1)
      await service.move(intent)

      expect(view.openIds(to)).toEqual(order)
      expect(view.requests().filter((r) => r.query.CrmOpportunity_Status === '1')).toHaveLength(1)
    } finally {
      await close()
    }
  })
})

describe('opportunity.move and the outcome', () => {
  it('marks a card won in the same PUT when it enters a Win stage', async () => {
    const id = view.openIds(stage('Negotiation'))[0]!
    const before = view.record(id)
    await move(dropAt(view, id, stage('Won'), 0).intent)
    const after = view.record(id)
    expect(after).toMatchObject({ CrmBoardColumnId: stage('Won'), Status: 2, Completed: true, LostOn: null })
    expect(nowish(after.WonOn)).toBe(true)
    expect(view.puts()).toHaveLength(1)
    const { Status: _s, Completed: _c, WonOn: _w, ...rest } = withoutMoveFields(after)
    const { Status: _s0, Completed: _c0, WonOn: _w0, ...restBefore } = withoutMoveFields(before)
    expect(rest).toEqual(restBefore)
  })

  it('refuses a Lose stage without a reason and writes nothing', async () => {
    const id = view.openIds(stage('Tour done'))[0]!
    const error = await rejection(move(dropAt(view, id, stage('Lost'), 0).intent))
    expect(error).toMatchObject({
      kind: 'Validation',
      message: 'Choose why it was lost before moving it to Lost.',
      detail: { fields: { lossReason: 'Choose a loss reason' } }
    })
    expect(view.puts()).toHaveLength(0)
    expect(view.record(id).Status).toBe(1)
  })

  it('marks a card lost with its reason', async () => {
    const id = view.openIds(stage('Tour done'))[0]!
    await move({ ...dropAt(view, id, stage('Lost'), 0).intent, outcome: { status: 'lost', lossReason: 4 } })
    const after = view.record(id)
    expect(after).toMatchObject({ Status: 3, LossReason: 4, Completed: true, WonOn: null })
    expect(nowish(after.LostOn)).toBe(true)
  })

  it('changes only the outcome of a drawer drop, in three requests', async () => {
    const column = stage('Proposal sent')
    const id = view.openIds(column)[2]!
    const before = view.record(id)
    const result = await move({ opportunityId: id, expected: view.expected(id), outcome: { status: 'won' } })
    const after = view.record(id)
    expect(after).toMatchObject({
      CrmBoardColumnId: column,
      Position: before.Position,
      Status: 2,
      Completed: true
    })
    expect(nowish(after.WonOn)).toBe(true)
    expect(result.opportunity.Status).toBe(2)
    expect(result.columns.map((c) => c.columnId)).toEqual([column])
    expect(requestLines()).toHaveLength(3)
  })

  it('reopens a won card dropped on a normal stage', async () => {
    const id = view.cardsIn(stage('Won'))[0]!.Id
    expect(view.record(id).WonOn).toBeTruthy()
    const { intent, order } = dropAt(view, id, stage('Negotiation'), 1)
    await move(intent)
    expect(view.record(id)).toMatchObject({
      CrmBoardColumnId: stage('Negotiation'),
      Status: 1,
      Completed: false,
      WonOn: null,
      LostOn: null,
      LossReason: null
    })
    expect(view.openIds(stage('Negotiation'))).toEqual(order)
  })
})

describe('opportunity.move when things go wrong', () => {
  it('is a Conflict with the fresh record, and no write, when someone else edited the card', async () => {
    const id = view.openIds(stage('New enquiry'))[0]!
    const { intent } = dropAt(view, id, stage('Tour done'), 0)
    sandbox.control.patchOpportunity(id, { Value: 4321 })

    const error = await rejection(move(intent))
    expect(error.kind).toBe('Conflict')
    expect(error.message).toMatch(/was changed by someone else \(edited by priya\.shah@/)
    expect(error.message).toMatch(/The board now shows the latest version\.$/)
    expect(error.detail.fresh).toMatchObject({ Id: id, Value: 4321 })
    expect(view.puts()).toHaveLength(0)
    expect(view.record(id).Value).toBe(4321)
  })

  it('is a Conflict when someone else moved the card to another stage', async () => {
    const id = view.openIds(stage('New enquiry'))[0]!
    const { intent } = dropAt(view, id, stage('Tour done'), 0)
    sandbox.control.patchOpportunity(id, { CrmBoardColumnId: stage('Negotiation') })

    const error = await rejection(move(intent))
    expect(error.kind).toBe('Conflict')
    expect(error.message).toContain('moved to Negotiation')
    expect(error.detail.fresh).toMatchObject({ CrmBoardColumnId: stage('Negotiation') })
    expect(view.puts()).toHaveLength(0)
  })

  it('keeps the move in the outbox when every PUT attempt gets a 500, and sends it once Nexudus recovers', async () => {
    const id = view.openIds(stage('New enquiry'))[2]!
    const before = view.record(id)
    sandbox.control.setSwitches({ failNext: { count: 20, method: 'PUT' } })
    const { intent, order } = dropAt(view, id, stage('Tour done'), 1)
    const answer = await session.handlers['opportunity.move'](intent)
    expect(answer).toMatchObject({
      queued: { kind: 'move', opportunityId: id, state: 'waiting', toColumnId: stage('Tour done') }
    })
    // Nothing looks saved: the server still holds the card where it was.
    expect(view.record(id)).toEqual(before)
    sandbox.control.setSwitches({ failNext: null })
    expect((await session.outboxEmpty()).entries).toEqual([])
    expect(view.openIds(stage('Tour done'))).toEqual(order)
  })

  it('waits out a 429 on the PUT and lands', async () => {
    const id = view.openIds(stage('New enquiry'))[0]!
    sandbox.control.setSwitches({ throttleNext: { count: 1, method: 'PUT', retryAfter: 1 } })
    const { intent, order } = dropAt(view, id, stage('Tour done'), 0)
    const result = await move(intent)
    expect(view.puts().map((r) => r.status)).toEqual([429, 200])
    expect(view.openIds(stage('Tour done'))).toEqual(order)
    expect(result.writes).toBe(1)
  })

  it('tells a read-only user which role the move needs', async () => {
    const viewer = await signedIn(sandbox, DEMO_USERS.readOnly)
    try {
      const id = view.openIds(stage('New enquiry'))[0]!
      const before = view.record(id)
      const error = await rejection(
        viewer.handlers['opportunity.move'](dropAt(view, id, stage('Tour done'), 0).intent)
      )
      expect(error).toMatchObject({
        kind: 'Forbidden',
        message:
          'You may not edit opportunities in Nexudus (role CrmOpportunity-Edit). Ask an administrator for access.'
      })
      expect(view.record(id)).toEqual(before)
    } finally {
      await viewer.close()
    }
  })

  it('answers with the server’s order when the card landed but a neighbour’s shift failed', async () => {
    const column = stage('Tour done')
    const open = view.openIds(column)
    const id = view
      .openIds(stage('New enquiry'))
      .find((candidate) => open.some((o) => o > candidate) && open.some((o) => o < candidate))!
    const a = open.find((o) => o > id)!
    const b = open.find((o) => o < id)!
    sandbox.control.patchOpportunity(a, { Position: 1 })
    sandbox.control.patchOpportunity(b, { Position: 2 })
    let puts = 0
    const flaky = await signedIn(
      sandbox,
      DEMO_USERS.admin,
      failingFetch((method) => method === 'PUT' && ++puts > 1)
    )
    try {
      const result = landed(
        await flaky.handlers['opportunity.move']({
          opportunityId: id,
          expected: view.expected(id),
          to: { columnId: column, afterId: a, beforeId: b }
        })
      )
      expect(result.writes).toBe(1)
      expect(view.record(id).CrmBoardColumnId).toBe(column)
      expect(view.record(b).Position).toBe(2)
      const held = view.cardsIn(column).map((o) => [o.Id, o.Position])
      expect(result.columns[0]!.opportunities.map((o) => [o.Id, o.Position])).toEqual(held)
      expect(flaky.logs.some((line) => line.includes(`shifting neighbour ${b} failed`))).toBe(true)
    } finally {
      await flaky.close()
    }
  })

  it('says the move was saved when only the re-read after it fails', async () => {
    let written = false
    const flaky = await signedIn(
      sandbox,
      DEMO_USERS.admin,
      failingFetch((method) => {
        if (method === 'PUT') written = true
        return method === 'GET' && written
      })
    )
    try {
      await flaky.handlers['board.load']({ boardId: view.boardId(BOARD) })
      const id = view.openIds(stage('New enquiry'))[0]!
      const { intent, order } = dropAt(view, id, stage('Tour done'), 0)
      const error = await rejection(flaky.handlers['opportunity.move'](intent))
      expect(error.kind).toBe('Network')
      expect(error.message).toMatch(/^The move was saved in Nexudus, but the board could not be refreshed \(/)
      expect(view.openIds(stage('Tour done'))).toEqual(order)
    } finally {
      await flaky.close()
    }
  })

  it('serialises two moves of one card: the second sees the first, and its own stale intent fails', async () => {
    const id = view.openIds(stage('New enquiry'))[0]!
    const first = dropAt(view, id, stage('Tour done'), 0).intent
    const second = dropAt(view, id, stage('Negotiation'), 0).intent

    const [a, b] = await Promise.allSettled([move(first), move(second)])

    if (a.status !== 'fulfilled') throw new Error('the first move failed')
    expect(b.status).toBe('rejected')
    const error = (b as PromiseRejectedResult).reason as { kind: string; detail: { fresh: unknown } }
    expect(error.kind).toBe('Conflict')
    expect(error.detail.fresh).toEqual(toCard(a.value.opportunity))
    // Exactly one PUT, and the second move's GET came after it.
    const lines = requestLines()
    expect(lines.filter((l) => l.startsWith('PUT'))).toHaveLength(1)
    expect(lines.lastIndexOf(`GET /api/crm/crmopportunities/${id}`)).toBeGreaterThan(
      lines.indexOf('PUT /api/crm/crmopportunities')
    )

    const expected = {
      columnId: a.value.opportunity.CrmBoardColumnId,
      updatedOn: a.value.opportunity.UpdatedOn!
    }
    await move({ ...second, expected })
    expect(view.record(id).CrmBoardColumnId).toBe(stage('Negotiation'))
  })
})
