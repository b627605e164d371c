/**
 * Moves into a stage of more than 1,000 cards (the sandbox's large board): the re-read after the
 * write is a window of Positions around the card, so the move still costs three requests.
 */
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest'
import { DEMO_USERS, startSandbox, type RunningSandbox } from '../../sandbox'
import { dropAt, landed, sandboxView, signedIn, type Session, type SandboxView } from './harness'
import { PositionIndex } from './position-index'
import { WINDOW_FROM, windowAround } from './move'

const BOARD = 'Enterprise pipeline'
let sandbox: RunningSandbox
let session: Session
let view: SandboxView

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, preset: 'large' })
})
afterAll(() => sandbox.close())
beforeEach(async () => {
  sandbox.control.reset({ preset: 'large' })
  sandbox.control.setSwitches({ limits: null })
  view = sandboxView(sandbox)
  session = await signedIn(sandbox, DEMO_USERS.admin)
  await session.handlers['board.load']({ boardId: view.boardId(BOARD) })
  sandbox.control.clearRequests()
})
afterEach(() => session.close())

/** The open stage with the most cards, and one other open stage. */
function stages(): { big: number; other: number } {
  const boardId = view.boardId(BOARD)
  const open = [...sandbox.control.state.data.columns.values()]
    .filter((c) => c.CrmBoardId === boardId && !c.WinOpportunity && !c.LoseOpportunity)
    .map((c) => ({ id: c.Id, count: view.openIds(c.Id).length }))
    .sort((a, b) => b.count - a.count)
  return { big: open[0]!.id, other: open[1]!.id }
}

describe('a move into a stage of more than 1,000 cards', () => {
  it('re-reads a window around the card: three requests, and the card lands between its neighbours', async () => {
    const { big, other } = stages()
    expect(view.openIds(big).length).toBeGreaterThan(1000)
    const id = view.openIds(other)[0]!
    const { intent, order } = dropAt(view, id, big, 700)

    const result = landed(await session.handlers['opportunity.move'](intent))

    expect(view.openIds(big)).toEqual(order)
    const requests = view.requests()
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /api/crm/crmopportunities/${id}`,
      'PUT /api/crm/crmopportunities',
      'GET /api/crm/crmopportunities'
    ])
    expect(Object.keys(requests[2]!.query)).toEqual(
      expect.arrayContaining(['from_CrmOpportunity_Position', 'to_CrmOpportunity_Position'])
    )
    const [column] = result.columns
    expect(column?.window).toBeDefined()
    const ids = column!.opportunities.map((o) => o.Id)
    expect(ids).toContain(id)
    expect(ids).toContain(intent.to!.afterId)
    expect(ids.length).toBeLessThan(100)
    expect(result.opportunity.Id).toBe(id)
  })

  it('still lands right on a server that renumbers (the window falls back to the whole stage)', async () => {
    sandbox.control.setSwitches({ renumber: true })
    const { big, other } = stages()
    for (const index of [300, 900]) {
      const id = view.openIds(other)[0]!
      const { intent, order } = dropAt(view, id, big, index)
      const result = landed(await session.handlers['opportunity.move'](intent))
      expect(view.openIds(big)).toEqual(order)
      expect(result.columns[0]?.opportunities.map((o) => o.Id)).toContain(id)
    }
  })
})

describe('windowAround', () => {
  const many = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      Id: i + 1,
      CrmBoardColumnId: 5,
      Position: (i + 1) * 100,
      Status: 1
    }))

  it('spans the cards on each side of the written Position', () => {
    const index = new PositionIndex()
    index.rememberBoard([5], many(WINDOW_FROM + 100), index.ticket())
    expect(windowAround(index, 5, 9999, 50_050)).toEqual({ from: 48_100, to: 52_000 })
    expect(windowAround(index, 5, 9999, 50)).toEqual({ from: 50, to: 2_000 })
  })

  it('is null for a small or unknown stage, or once the server is seen rewriting Positions', () => {
    const index = new PositionIndex()
    index.rememberBoard(
      [5, 6],
      [...many(WINDOW_FROM + 100), { Id: 99_999, CrmBoardColumnId: 6, Position: 100, Status: 1 }],
      index.ticket()
    )
    expect(windowAround(index, 6, 1, 100)).toBeNull()
    expect(windowAround(index, 7, 1, 100)).toBeNull()
    index.rewrites = true
    expect(windowAround(index, 5, 9999, 50_050)).toBeNull()
  })
})
