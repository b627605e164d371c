import { describe, expect, it } from 'vitest'
import type { HandlerInput, MethodOutput } from '../../shared/bridge'
import { toCard } from '../../shared/card'
import { PUT_STRIP_FIELDS } from '../../shared/nexudus'
import { FORBIDDEN_EDIT } from '../board/move'
import { boardServiceOn, DEMO_USERS, dropAt, interceptingFetch, jsonResponse, landed } from '../board/harness'
import { sandboxSuite } from '../board/suite'

const BOARD = 'Memberships & desks'

const t = sandboxSuite()

type SaveInput = HandlerInput<'opportunity.save'>
const save = (input: SaveInput): Promise<MethodOutput<'opportunity.save'>> =>
  t.session.handlers['opportunity.save'](input)
const someCard = (stage = 'Tour booked', index = 0) => t.view.openIds(t.view.stageId(BOARD, stage))[index]!
const seen = (id: number) => String(t.view.record(id).UpdatedOn)
const puts = () => t.view.requests().filter((r) => r.method === 'PUT')

async function rejection(promise: Promise<unknown>) {
  return promise.then(
    () => expect.unreachable('the save should have failed'),
    (error: unknown) =>
      error as { kind: string; message: string; detail: { fields?: Record<string, string> } }
  )
}

/** Signs in again through a fetch that adds a field this app does not know to the card's GETs and keeps the PUT bodies. */
async function withUnknownField(id: number): Promise<Record<string, unknown>[]> {
  const bodies: Record<string, unknown>[] = []
  await t.signInAs(
    undefined,
    interceptingFetch(async (request) => {
      if (request.method === 'PUT') bodies.push((await request.json()) as Record<string, unknown>)
      if (request.method !== 'GET' || !request.url.endsWith(`/api/crm/crmopportunities/${id}`))
        return undefined
      const answer = await fetch(request)
      const record = (await answer.json()) as Record<string, unknown>
      return jsonResponse({ ...record, SomethingNew: { kept: [1, 2] } }, answer.status)
    })
  )
  return bodies
}

describe('opportunity.save', () => {
  it('writes the changes into the whole fresh record and answers the record read back and its card', async () => {
    const id = someCard()
    const before = t.view.record(id)
    const referrer = [...t.sandbox.control.state.data.coworkers.values()][4]!

    const result = await save({
      id,
      expectedUpdatedOn: seen(id),
      changes: {
        Name: 'Two desks by the window',
        Notes: null,
        Value: 2400,
        DueDate: '2031-05-06',
        ReferrerId: referrer.Id,
        LeadSource: 5
      },
      overwrite: false
    })

    const after = t.view.record(id)
    expect(after).toMatchObject({
      Name: 'Two desks by the window',
      Notes: null,
      Value: 2400,
      DueDate: '2031-05-06T00:00:00.0000000Z',
      ReferrerId: referrer.Id,
      LeadSource: 5
    })
    const untouched = (record: Record<string, unknown>) =>
      Object.fromEntries(
        Object.entries(record).filter(
          ([key]) =>
            ![
              'Name',
              'Notes',
              'Value',
              'DueDate',
              'ReferrerId',
              'LeadSource',
              'UpdatedOn',
              'UpdatedBy',
              'ToStringText'
            ].includes(key)
        )
      )
    expect(untouched(after)).toEqual(untouched(before))
    expect(result).toEqual({
      status: 'saved',
      record: expect.objectContaining({
        Id: id,
        UpdatedOn: after.UpdatedOn,
        Name: 'Two desks by the window',
        ReferrerFullName: referrer.FullName
      }) as unknown,
      card: toCard(after as Parameters<typeof toCard>[0])
    })
    expect(t.view.requests().map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /api/crm/crmopportunities/${id}`,
      'PUT /api/crm/crmopportunities',
      `GET /api/crm/crmopportunities/${id}`,
      `GET /api/spaces/coworkers/${referrer.Id}`
    ])
  })

  it('sends every field back, unknown ones too, without the read-only base fields; an untouched date verbatim', async () => {
    const id = someCard()
    const bodies = await withUnknownField(id)
    const stored = t.view.record(id)
    expect(stored.DueDate).toEqual(expect.any(String))
    const day = String(stored.DueDate).slice(0, 10)

    await save({
      id,
      expectedUpdatedOn: seen(id),
      changes: { Name: 'Renamed', DueDate: day },
      overwrite: false
    })

    expect(bodies).toHaveLength(1)
    const body = bodies[0]!
    expect(body).toMatchObject({
      Id: id,
      Name: 'Renamed',
      DueDate: stored.DueDate,
      SomethingNew: { kept: [1, 2] }
    })
    expect(body.SystemId).toBe(stored.SystemId)
    for (const field of PUT_STRIP_FIELDS) expect(body).not.toHaveProperty(field)
    for (const field of Object.keys(stored).filter(
      (f) => !(PUT_STRIP_FIELDS as readonly string[]).includes(f)
    ))
      expect(body).toHaveProperty(field)

    await save({ id, expectedUpdatedOn: seen(id), changes: { WonOn: '2031-01-02' }, overwrite: false })
    expect(bodies[1]).toMatchObject({ WonOn: '2031-01-02T00:00:00Z', DueDate: stored.DueDate })
  })

  it('writes nothing when nothing differs from the server, and answers the record as it is', async () => {
    const id = someCard()
    const stored = t.view.record(id)
    const result = await save({
      id,
      expectedUpdatedOn: seen(id),
      changes: { Name: stored.Name as string | null, Value: stored.Value as number | null },
      overwrite: false
    })
    expect(puts()).toHaveLength(0)
    expect(result).toMatchObject({ status: 'saved', record: { UpdatedOn: stored.UpdatedOn } })
  })

  it('answers a conflict with the fresh record, writing nothing, when someone changed it since', async () => {
    const id = someCard()
    const opened = seen(id)
    t.sandbox.control.patchOpportunity(id, { Notes: 'Called back on Monday' })
    const result = await save({ id, expectedUpdatedOn: opened, changes: { Value: 999 }, overwrite: false })
    expect(result).toMatchObject({
      status: 'conflict',
      fresh: { Id: id, Notes: 'Called back on Monday', UpdatedBy: 'priya.shah@harbour-works.example' }
    })
    expect(puts()).toHaveLength(0)
    expect(t.view.record(id).Value).not.toBe(999)
  })

  it('writes over a newer record when told to, keeping the colleague’s other changes', async () => {
    const id = someCard()
    const opened = seen(id)
    t.sandbox.control.patchOpportunity(id, { Notes: 'Called back on Monday' })
    const result = await save({ id, expectedUpdatedOn: opened, changes: { Value: 999 }, overwrite: true })
    expect(result.status).toBe('saved')
    expect(t.view.record(id)).toMatchObject({ Value: 999, Notes: 'Called back on Monday' })
  })

  it('refuses a loss reason on an open opportunity before writing, naming the field', async () => {
    const id = someCard()
    const error = await rejection(
      save({ id, expectedUpdatedOn: seen(id), changes: { LossReason: 4 }, overwrite: false })
    )
    expect(error.kind).toBe('Validation')
    expect(error.detail.fields).toEqual({ LossReason: 'Only a lost opportunity has a loss reason' })
    expect(puts()).toHaveLength(0)
    const lost = await save({
      id,
      expectedUpdatedOn: seen(id),
      changes: { Status: 3, LossReason: 4, LostOn: '2031-01-01', Completed: true },
      overwrite: false
    })
    expect(lost).toMatchObject({ status: 'saved', card: { Status: 3, LossReason: 4 } })
  })

  it('passes the server’s field errors on: a customer that does not exist', async () => {
    const id = someCard()
    const error = await rejection(
      save({ id, expectedUpdatedOn: seen(id), changes: { CoworkerId: 42 }, overwrite: false })
    )
    expect(error.kind).toBe('Validation')
    expect(error.detail.fields).toEqual({ CoworkerId: 'refers to a record that does not exist' })
    expect(error.message).toBe('CoworkerId: refers to a record that does not exist')
  })

  it('is a failure, with the server’s words, when Nexudus answers 200 but WasSuccessful is false', async () => {
    const id = someCard()
    const before = t.view.record(id)
    t.sandbox.control.setSwitches({ rejectNext: { count: 1, method: 'PUT' } })
    const error = await rejection(
      save({ id, expectedUpdatedOn: seen(id), changes: { Value: 1 }, overwrite: false })
    )
    expect(error).toMatchObject({ kind: 'Server', message: 'The opportunity could not be saved.' })
    expect(t.view.record(id)).toEqual(before)

    t.sandbox.control.setSwitches({
      rejectNext: { count: 1, method: 'PUT', message: 'The customer is archived.' }
    })
    const worded = await rejection(
      save({ id, expectedUpdatedOn: seen(id), changes: { Value: 1 }, overwrite: false })
    )
    expect(worded.message).toBe('The customer is archived.')
  })

  it('tells a read-only user they may not edit, and changes nothing', async () => {
    await t.signInAs(DEMO_USERS.readOnly)
    const id = someCard()
    const before = t.view.record(id)
    const error = await rejection(
      save({ id, expectedUpdatedOn: seen(id), changes: { Value: 1 }, overwrite: false })
    )
    expect(error).toMatchObject({ kind: 'Forbidden', message: FORBIDDEN_EDIT })
    expect(t.view.record(id)).toEqual(before)
  })

  it('waits for a move of the same card, so the move is not undone by a whole-record PUT from before it', async () => {
    await t.session.handlers['board.load']({ boardId: t.view.boardId(BOARD) })
    const id = someCard()
    const to = t.view.stageId(BOARD, 'Negotiation')
    const { intent } = dropAt(t.view, id, to, 0)
    const [moved, saved] = await Promise.all([
      t.session.handlers['opportunity.move'](intent),
      save({ id, expectedUpdatedOn: null, changes: { Name: 'Moved and renamed' }, overwrite: true })
    ])
    expect(landed(moved).opportunity.CrmBoardColumnId).toBe(to)
    expect(saved).toMatchObject({
      status: 'saved',
      card: { CrmBoardColumnId: to, Name: 'Moved and renamed' }
    })
    expect(t.view.record(id)).toMatchObject({ CrmBoardColumnId: to, Name: 'Moved and renamed' })
  })

  it('keeps the board’s position index right: a card a save closes leaves its stage’s open cards', async () => {
    const { service, index, close } = await boardServiceOn(t.sandbox)
    try {
      await service.load(t.view.boardId(BOARD))
      const column = t.view.stageId(BOARD, 'Tour booked')
      const id = t.view.openIds(column)[0]!
      expect(index.open(column)?.map((card) => card.Id)).toContain(id)
      await service.save({
        id,
        expectedUpdatedOn: seen(id),
        changes: { Status: 2, WonOn: '2031-01-01', Completed: true },
        overwrite: false
      })
      expect(
        index
          .open(column)
          ?.map((card) => card.Id)
          .sort()
      ).toEqual([...t.view.openIds(column)].sort())
      await service.save({
        id,
        expectedUpdatedOn: seen(id),
        changes: { Status: 1, WonOn: null },
        overwrite: false
      })
      expect(index.open(column)?.map((card) => card.Id)).toContain(id)
    } finally {
      await close()
    }
  })
})
