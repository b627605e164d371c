import { describe, expect, it } from 'vitest'
import type { HandlerInput, MethodOutput } from '../../shared/bridge'
import { toCard } from '../../shared/card'
import { MIN_POSITION } from '../board/positions'
import { DEMO_USERS } from '../board/harness'
import { sandboxSuite } from '../board/suite'
import { FORBIDDEN_CREATE } from './forbidden'

const BOARD = 'Memberships & desks'

const t = sandboxSuite()

const create = (input: HandlerInput<'opportunity.create'>): Promise<MethodOutput<'opportunity.create'>> =>
  t.session.handlers['opportunity.create'](input)
const loadBoard = () => t.session.handlers['board.load']({ boardId: t.view.boardId(BOARD) })
const requestLines = () => t.view.requests().map((r) => `${r.method} ${r.path}`)
const customer = () => [...t.sandbox.control.state.data.coworkers.values()][10]!
const opportunityIds = () => new Set(t.sandbox.control.state.data.opportunities.keys())

async function rejection(promise: Promise<unknown>) {
  return promise.then(
    () => expect.unreachable('the create should have failed'),
    (error: unknown) =>
      error as { kind: string; message: string; detail: { fields?: Record<string, string> } }
  )
}

describe('opportunity.create', () => {
  it('puts the new card at the top of the stage’s open cards, planned from the loaded board', async () => {
    await loadBoard()
    t.sandbox.control.clearRequests()
    const column = t.view.stageId(BOARD, 'Tour booked')
    const before = t.view.openIds(column)
    const type = [...t.sandbox.control.state.data.types.values()].find(
      (type) =>
        type.Name === 'Dedicated desk' &&
        type.BusinessId === t.view.record(before[0]!).CrmBoardColumnCrmBoardBusinessId
    )!

    const result = await create({
      columnId: column,
      fields: {
        CoworkerId: customer().Id,
        Name: 'Two desks',
        DueDate: '2031-05-06',
        Value: 1800,
        OpportunityTypeId: type.Id
      }
    })

    const id = result.opportunity.Id
    const stored = t.view.record(id)
    expect(t.view.openIds(column)).toEqual([id, ...before])
    expect(stored).toMatchObject({
      CrmBoardColumnId: column,
      CoworkerId: customer().Id,
      Status: 1,
      Name: 'Two desks',
      DueDate: '2031-05-06T00:00:00.0000000Z',
      Value: 1800,
      OpportunityTypeId: type.Id,
      Notes: type.NotesTemplate
    })
    expect(stored.Position).toBeGreaterThanOrEqual(MIN_POSITION)
    expect(toCard(result.opportunity)).toEqual(toCard(stored as Parameters<typeof toCard>[0]))
    expect(result.column.columnId).toBe(column)
    expect(result.column.opportunities.map((card) => card.Id)).toEqual(
      t.view.cardsIn(column).map((o) => o.Id)
    )
    expect(result.column.opportunities.some((card) => card.Status !== 1)).toBe(false)
    // POST, then the card and its stage read back together; nothing read before the write.
    expect(requestLines()[0]).toBe('POST /api/crm/crmopportunities')
    expect(requestLines().slice(1).sort()).toEqual(
      ['GET /api/crm/crmopportunities', `GET /api/crm/crmopportunities/${id}`].sort()
    )
    const post = t.sandbox.control.requests().find((r) => r.method === 'POST')
    expect(post?.status).toBe(200)
  })

  it('reads the stage’s open cards first when the board is not loaded', async () => {
    const column = t.view.stageId(BOARD, 'Negotiation')
    const open = t.view.openIds(column)
    const result = await create({ columnId: column, fields: { CoworkerId: customer().Id } })
    expect(requestLines()[0]).toBe('GET /api/crm/crmopportunities')
    expect(t.view.requests()[0]!.query).toMatchObject({ CrmOpportunity_Status: '1' })
    expect(requestLines()[1]).toBe('POST /api/crm/crmopportunities')
    expect(t.view.openIds(column)).toEqual([result.opportunity.Id, ...open])
  })

  it('answers the stage with every status: a card created in a Win stage comes back won', async () => {
    const column = t.view.stageId(BOARD, 'Won')
    const result = await create({ columnId: column, fields: { CoworkerId: customer().Id } })
    expect(result.opportunity).toMatchObject({ CrmBoardColumnId: column, Status: 2 })
    expect(result.column.opportunities.map((card) => card.Id)).toEqual(
      t.view.cardsIn(column).map((o) => o.Id)
    )
    expect(result.column.opportunities.map((card) => card.Id)).toContain(result.opportunity.Id)
  })

  it('moves the first card down only when there is no room above it, never using a Position below 1', async () => {
    const column = t.view.stageId(BOARD, 'Tour done')
    const [first, second] = t.view.openIds(column)
    t.sandbox.control.patchOpportunity(first!, { Position: 1 })
    t.sandbox.control.patchOpportunity(second!, { Position: 1 })
    await loadBoard()
    t.sandbox.control.clearRequests()

    const result = await create({ columnId: column, fields: { CoworkerId: customer().Id } })

    const order = t.view.openIds(column)
    expect(order[0]).toBe(result.opportunity.Id)
    expect(t.view.cardsIn(column).every((card) => card.Position >= MIN_POSITION)).toBe(true)
    const shifted = t.view.puts().length
    expect(shifted).toBeGreaterThanOrEqual(1)
    expect(shifted).toBeLessThanOrEqual(2)
    expect(order.slice(1, 3).sort()).toEqual([first, second].sort())
  })

  it('corrects once when a colleague put a card on top that the board had not seen', async () => {
    await loadBoard()
    const column = t.view.stageId(BOARD, 'Proposal sent')
    const theirs = t.view.openIds(t.view.stageId(BOARD, 'New enquiry'))[0]!
    t.sandbox.control.patchOpportunity(theirs, { CrmBoardColumnId: column, Position: 5 })
    t.sandbox.control.clearRequests()

    const result = await create({ columnId: column, fields: { CoworkerId: customer().Id } })

    expect(t.view.openIds(column).slice(0, 2)).toEqual([result.opportunity.Id, theirs])
    expect(t.session.logs.filter((line) => line.includes('correcting once'))).toHaveLength(1)
    expect(result.column.opportunities.map((card) => card.Id)).toEqual(
      t.view.cardsIn(column).map((o) => o.Id)
    )
    expect(toCard(result.opportunity)).toEqual(
      toCard(t.view.record(result.opportunity.Id) as Parameters<typeof toCard>[0])
    )
    expect(t.view.puts().length).toBeGreaterThanOrEqual(1)
  })

  it('refuses a loss reason on an open new card before writing anything', async () => {
    const before = opportunityIds()
    const error = await rejection(
      create({
        columnId: t.view.stageId(BOARD, 'Tour done'),
        fields: { CoworkerId: customer().Id, LossReason: 4 }
      })
    )
    expect(error.kind).toBe('Validation')
    expect(error.detail.fields).toEqual({ LossReason: 'Only a lost opportunity has a loss reason' })
    expect(t.view.requests().filter((r) => r.method !== 'GET')).toEqual([])
    expect(opportunityIds()).toEqual(before)
  })

  it('passes the server’s field errors on: a customer that does not exist', async () => {
    const before = opportunityIds()
    const error = await rejection(
      create({ columnId: t.view.stageId(BOARD, 'Tour done'), fields: { CoworkerId: 42 } })
    )
    expect(error.kind).toBe('Validation')
    expect(error.detail.fields).toEqual({ CoworkerId: 'refers to a record that does not exist' })
    expect(opportunityIds()).toEqual(before)
  })

  it('is a failure, with the server’s words, when Nexudus answers 200 but WasSuccessful is false', async () => {
    const before = opportunityIds()
    t.sandbox.control.setSwitches({
      rejectNext: { count: 1, method: 'POST', message: 'Choose an opportunity type.' }
    })
    const error = await rejection(
      create({ columnId: t.view.stageId(BOARD, 'Tour done'), fields: { CoworkerId: customer().Id } })
    )
    expect(error).toMatchObject({ kind: 'Server', message: 'Choose an opportunity type.' })
    expect(opportunityIds()).toEqual(before)
  })

  it('tells a read-only user they may not create opportunities', async () => {
    await t.signInAs(DEMO_USERS.readOnly)
    const before = opportunityIds()
    const error = await rejection(
      create({ columnId: t.view.stageId(BOARD, 'Tour done'), fields: { CoworkerId: customer().Id } })
    )
    expect(error).toMatchObject({ kind: 'Forbidden', message: FORBIDDEN_CREATE })
    expect(opportunityIds()).toEqual(before)
  })

  it('places two cards created at once in one stage one above the other', async () => {
    await loadBoard()
    const column = t.view.stageId(BOARD, 'Negotiation')
    const before = t.view.openIds(column)
    const [a, b] = await Promise.all([
      create({ columnId: column, fields: { CoworkerId: customer().Id, Name: 'A' } }),
      create({ columnId: column, fields: { CoworkerId: customer().Id, Name: 'B' } })
    ])
    expect(t.view.openIds(column)).toEqual([b.opportunity.Id, a.opportunity.Id, ...before])
    expect(t.view.puts()).toHaveLength(0)
  })
})
