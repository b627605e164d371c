import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { CrmBoardColumn, CrmOpportunityHistory, WriteEnvelope } from '../shared/nexudus'
import { DEMO_USERS, startSandbox, type RunningSandbox } from './index'
import type { ActionLogEntry } from './state'
import { call, quietReset, signIn, workspace } from './testing'

type Rec = Record<string, unknown> & { Id: number }
type Workspace = Awaited<ReturnType<typeof workspace>>
let sandbox: RunningSandbox
let token: string
let ws: Workspace

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true })
})
afterAll(() => sandbox.close())
beforeEach(async () => {
  quietReset(sandbox)
  token = await signIn(sandbox.url)
  ws = await workspace(sandbox.url, token)
})

async function openCard(boardName = 'Memberships & desks', stage = 'Negotiation'): Promise<Rec> {
  const cards = await ws.cardsIn(ws.column(boardName, stage))
  const card = cards.find((c) => c.Status === 1 && c.WonOn === null && c.LostOn === null)
  if (!card) throw new Error(`no open card in ${stage}`)
  return ws.opportunity(card.Id)
}

const actions = async () => (await call<ActionLogEntry[]>(sandbox.url, '/__sandbox/actions')).json

describe('stage history', () => {
  it('writes a row on a stage change: old/new stage, FromTime = entered old stage, ToTime = now, editor', async () => {
    const card = await openCard()
    const before = await ws.historyOf(card.Id)
    const target = ws.column('Memberships & desks', 'Proposal sent')
    const reply = await ws.put({ ...card, CrmBoardColumnId: target.Id })
    const after = await ws.historyOf(card.Id)
    expect(after).toHaveLength(before.length + 1)
    const row = after.find((r) => !before.some((b) => b.Id === r.Id))!
    expect(CrmOpportunityHistory.safeParse(row).success).toBe(true)
    expect(row).toMatchObject({
      CrmOpportunityId: card.Id,
      OldCrmBoardColumnId: card.CrmBoardColumnId,
      OldCrmBoardColumnName: 'Negotiation',
      NewCrmBoardColumnId: target.Id,
      NewCrmBoardColumnName: 'Proposal sent',
      FromTime: card.CrmUpdatedOn,
      ToTime: reply.json.UpdatedOn,
      UserFullName: 'Alex Morgan'
    })
    const admin = (await ws.all(`/api/sys/users?User_Email=${DEMO_USERS.admin.email}`))[0]!
    expect(row.UserId).toBe(admin.Id)
  })

  it('writes nothing when the stage does not change', async () => {
    const card = await openCard()
    const before = await ws.historyOf(card.Id)
    await ws.put({ ...card, Position: 12345, Name: 'Still here' })
    expect(await ws.historyOf(card.Id)).toHaveLength(before.length)
  })

  it('writes the initial row on create, with no old stage', async () => {
    const column = ws.column('Memberships & desks', 'New enquiry')
    const coworker = (await ws.all('/api/spaces/coworkers'))[3]!
    const created = (
      await ws.post({ CrmBoardColumnId: column.Id, CoworkerId: coworker.Id, Position: 1, Status: 1 })
    ).json.Value as Rec
    const rows = await ws.historyOf(created.Id)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({
      OldCrmBoardColumnId: null,
      OldCrmBoardColumnName: null,
      NewCrmBoardColumnId: column.Id
    })
  })

  it('seeds a history trail for every opportunity', async () => {
    const opportunities = await ws.all('/api/crm/crmopportunities')
    const histories = await ws.all('/api/crm/crmopportunityhistories')
    for (const o of opportunities) {
      const rows = histories
        .filter((h) => h.CrmOpportunityId === o.Id)
        .sort((a, b) => String(a.ToTime).localeCompare(String(b.ToTime)))
      expect(rows.length).toBeGreaterThan(0)
      expect(rows[0]!.OldCrmBoardColumnId).toBeNull()
      expect(rows[rows.length - 1]!.NewCrmBoardColumnId).toBe(o.CrmBoardColumnId)
      expect(rows[rows.length - 1]!.ToTime).toBe(o.CrmUpdatedOn)
    }
  })
})

describe('Win / Lose stages', () => {
  it('entering a Win stage sets Status 2, WonOn now, Completed, and records the other actions unrun', async () => {
    const card = await openCard()
    const won = ws.column('Memberships & desks', 'Won')
    const reply = await ws.put({ ...card, CrmBoardColumnId: won.Id })
    const after = await ws.opportunity(card.Id)
    expect(after).toMatchObject({ Status: 2, Completed: true, WonOn: reply.json.UpdatedOn, LostOn: null })
    const log = await actions()
    expect(log.map((a) => [a.action, a.applied])).toEqual([
      ['WinOpportunity', true],
      ['SendCannedResponse', false]
    ])
    expect(log[0]).toMatchObject({
      opportunityId: card.Id,
      columnId: won.Id,
      columnName: 'Won',
      by: DEMO_USERS.admin.email
    })
    expect(log[0]!.detail).toEqual({ Status: 2, WonOn: reply.json.UpdatedOn, Completed: true })
    expect(log[1]!.detail).toEqual({ CannedResponseId: won.CannedResponseId, CoworkerId: card.CoworkerId })
  })

  it('entering a Lose stage sets Status 3, LostOn now, Completed, and leaves LossReason alone', async () => {
    const card = await openCard('Private offices', 'Offer sent')
    const lost = ws.column('Private offices', 'Lost')
    const reply = await ws.put({ ...card, CrmBoardColumnId: lost.Id, LossReason: 4 })
    expect(await ws.opportunity(card.Id)).toMatchObject({
      Status: 3,
      Completed: true,
      LostOn: reply.json.UpdatedOn,
      LossReason: 4
    })
    expect((await actions()).map((a) => a.action)).toEqual(['LoseOpportunity', 'DeactivateAccount'])
  })

  it('keeps what the request itself set', async () => {
    const card = await openCard()
    const won = ws.column('Memberships & desks', 'Won')
    await ws.put({
      ...card,
      CrmBoardColumnId: won.Id,
      Status: 2,
      WonOn: '2026-01-02T09:00:00Z',
      Completed: true
    })
    expect(await ws.opportunity(card.Id)).toMatchObject({
      Status: 2,
      WonOn: '2026-01-02T09:00:00.0000000Z',
      Completed: true
    })
    expect((await actions())[0]!.detail).toEqual({})
  })

  it('does nothing automatically when a card leaves a Win stage', async () => {
    const won = (await ws.cardsIn(ws.column('Memberships & desks', 'Won')))[0]!
    const card = await ws.opportunity(won.Id)
    await ws.put({ ...card, CrmBoardColumnId: ws.column('Memberships & desks', 'Negotiation').Id })
    expect(await ws.opportunity(card.Id)).toMatchObject({ Status: 2, Completed: true, WonOn: card.WonOn })
    expect(await actions()).toEqual([])
  })

  it('records account and task-list automation without running it', async () => {
    const card = await openCard('Private offices', 'Contract out').catch(() =>
      openCard('Private offices', 'Offer sent')
    )
    const onboarding = ws.column('Private offices', 'Onboarding')
    await ws.put({ ...card, CrmBoardColumnId: onboarding.Id })
    const log = await actions()
    expect(log.map((a) => [a.action, a.applied])).toEqual([
      ['SendCannedResponse', false],
      ['CreateTaskList', false],
      ['ActivateAccount', false]
    ])
    expect(log[1]!.detail).toEqual({ TaskListId: onboarding.TaskListId, UseTaskListAsResponsible: true })
    expect(await ws.opportunity(card.Id)).toMatchObject({ Status: 1, Completed: false })
    expect((await call(sandbox.url, '/__sandbox/actions', { method: 'DELETE' })).status).toBe(204)
    expect(await actions()).toEqual([])
  })
})

describe('the 5,000-opportunity limit', () => {
  const LIMIT_BODY = {
    Message: 'CrmOpportunity: limit of 5000 opportunities reached',
    Value: null,
    Errors: [
      { AttemptedValue: null, Message: 'limit of 5000 opportunities reached', PropertyName: 'CrmOpportunity' }
    ],
    WasSuccessful: false
  }

  it('refuses a 5,001st opportunity in a business (large preset), not in another business', async () => {
    quietReset(sandbox, { preset: 'large' })
    token = await signIn(sandbox.url)
    ws = await workspace(sandbox.url, token)
    const lead = ws.column('Enterprise pipeline', 'Lead')
    const total = await call<{ TotalItems: number }>(
      sandbox.url,
      `/api/crm/crmopportunities?CrmOpportunity_CrmBoardColumn_CrmBoard_Id=${lead.CrmBoardId}`,
      { token }
    )
    expect(total.json.TotalItems).toBe(5000)
    const coworker = (await ws.all('/api/spaces/coworkers'))[0]!
    const refused = await ws.post({ CrmBoardColumnId: lead.Id, CoworkerId: coworker.Id, Position: 1 })
    expect(refused.status).toBe(400)
    expect(refused.json).toStrictEqual(LIMIT_BODY)
    expect(WriteEnvelope.safeParse(refused.json).success).toBe(true)

    const elsewhere = ws.column('Memberships & desks', 'New enquiry')
    expect(
      (await ws.post({ CrmBoardColumnId: elsewhere.Id, CoworkerId: coworker.Id, Position: 1 })).status
    ).toBe(200)
    const card = await openCard()
    const moved = await ws.put({ ...card, CrmBoardColumnId: lead.Id })
    expect(moved.status).toBe(400)
    expect(moved.json).toStrictEqual(LIMIT_BODY)
  })

  it('follows the opportunityLimit switch', async () => {
    sandbox.control.setSwitches({ opportunityLimit: 3 })
    const column = ws.column('Dublin memberships', 'Enquiry')
    const coworker = (await ws.all('/api/spaces/coworkers'))[0]!
    const reply = await ws.post({ CrmBoardColumnId: column.Id, CoworkerId: coworker.Id, Position: 1 })
    expect(reply.status).toBe(400)
    expect(reply.json.Message).toBe('CrmOpportunity: limit of 3 opportunities reached')
  })
})

describe('renumber switch', () => {
  it('re-spaces the destination stage to 100, 200, 300… after a PUT or POST', async () => {
    sandbox.control.setSwitches({ renumber: true })
    const stage = ws.column('Memberships & desks', 'New enquiry')
    const cards = (await ws.cardsIn(stage)).sort((a, b) => (a.Position as number) - (b.Position as number))
    const mover = await openCard()
    await ws.put({ ...mover, CrmBoardColumnId: stage.Id, Position: (cards[0]!.Position as number) + 1 })
    const after = (await ws.cardsIn(stage)).sort((a, b) => (a.Position as number) - (b.Position as number))
    expect(after.map((c) => c.Position)).toEqual(after.map((_, i) => (i + 1) * 100))
    expect(after[1]!.Id).toBe(mover.Id)
    const coworker = (await ws.all('/api/spaces/coworkers'))[0]!
    const created = (await ws.post({ CrmBoardColumnId: stage.Id, CoworkerId: coworker.Id, Position: 1 })).json
      .Value as Rec
    expect(created.Position).toBe(100)
  })

  it('is off by default: positions are stored as sent', async () => {
    const card = await openCard()
    await ws.put({ ...card, Position: 150 })
    expect((await ws.opportunity(card.Id)).Position).toBe(150)
  })
})

describe('changes by someone else (control API) and staleCheck', () => {
  it('PATCH writes as a colleague, bumps UpdatedOn and writes history on a stage change', async () => {
    const card = await openCard()
    const target = ws.column('Memberships & desks', 'Tour done')
    const reply = await call<Rec>(sandbox.url, `/__sandbox/crm/crmopportunities/${card.Id}`, {
      method: 'PATCH',
      body: { CrmBoardColumnId: target.Id, Name: 'Edited elsewhere' }
    })
    expect(reply.status).toBe(200)
    expect(reply.json).toMatchObject({
      Name: 'Edited elsewhere',
      CrmBoardColumnName: 'Tour done',
      UpdatedBy: 'priya.shah@harbour-works.example'
    })
    expect(String(reply.json.UpdatedOn) > String(card.UpdatedOn)).toBe(true)
    const rows = await ws.historyOf(card.Id)
    expect(rows.some((r) => r.NewCrmBoardColumnId === target.Id && r.UserFullName === 'Priya Shah')).toBe(
      true
    )
    const raw = await call<Rec>(sandbox.url, `/__sandbox/crm/crmopportunities/${card.Id}`)
    expect(raw.json).toEqual(await ws.opportunity(card.Id))
    const bad = await call(sandbox.url, `/__sandbox/crm/crmopportunities/${card.Id}`, {
      method: 'PATCH',
      body: { LeadSource: 3 }
    })
    expect(bad.status).toBe(400)
    expect(
      (await call(sandbox.url, '/__sandbox/crm/crmopportunities/1', { method: 'PATCH', body: {} })).status
    ).toBe(404)
  })

  it('last write wins by default; staleCheck rejects a PUT carrying an older UpdatedOn', async () => {
    const card = await openCard()
    sandbox.control.patchOpportunity(card.Id, { Name: 'Theirs' })
    expect((await ws.put({ ...card, Name: 'Mine' })).status).toBe(200)
    sandbox.control.setSwitches({ staleCheck: true })
    const fresh = await ws.opportunity(card.Id)
    sandbox.control.patchOpportunity(card.Id, { Name: 'Theirs again' })
    const stale = await ws.put({ ...fresh, Name: 'Mine again' })
    expect(stale.status).toBe(400)
    expect(stale.json.WasSuccessful).toBe(false)
    expect((stale.json.Errors as { PropertyName: string }[])[0]!.PropertyName).toBe('UpdatedOn')
    expect((await ws.opportunity(card.Id)).Name).toBe('Theirs again')
    const current = await ws.opportunity(card.Id)
    expect((await ws.put({ ...current, Name: 'Mine at last' })).status).toBe(200)
  })
})

describe('boards, stages and opportunity types', () => {
  it('creates a board and a stage, renames the stage (recomputed everywhere), blocks deletes in use', async () => {
    const business = ws.boards[0]!.BusinessId
    const write = (path: string, method: string, body: unknown) =>
      call<Rec>(sandbox.url, `/api/crm/${path}`, { method, token, body })
    const board = await write('crmboards', 'POST', { BusinessId: business, Name: 'Partnerships' })
    expect(board.json).toMatchObject({ Message: 'CrmBoard was successfully created.', WasSuccessful: true })
    const boardId = (board.json.Value as Rec).Id
    const stage = await write('crmboardcolumns', 'POST', {
      CrmBoardId: boardId,
      Name: 'Intro',
      Position: 1,
      WinOpportunity: false
    })
    const stageRec = stage.json.Value as Rec
    expect(CrmBoardColumn.safeParse(stageRec).success).toBe(true)
    expect(stageRec).toMatchObject({
      ToStringText: 'Partnerships - Intro',
      OpportunitiesCount: 0,
      CrmBoardName: 'Partnerships'
    })

    const coworker = (await ws.all('/api/spaces/coworkers'))[0]!
    const card = (
      await ws.post({ CrmBoardColumnId: stageRec.Id, CoworkerId: coworker.Id, Position: 1, Value: 1234 })
    ).json.Value as Rec
    const renamed = await write('crmboardcolumns', 'PUT', { ...stageRec, Name: 'First call' })
    expect(renamed.json.Message).toBe('CrmBoardColumn was successfully updated.')
    expect(await ws.opportunity(card.Id)).toMatchObject({ CrmBoardColumnName: 'First call' })
    const counted = (await call<Rec>(sandbox.url, `/api/crm/crmboardcolumns/${stageRec.Id}`, { token })).json
    expect(counted).toMatchObject({
      OpportunitiesCount: 1,
      OpportunitiesValue: 1234,
      ToStringText: 'Partnerships - First call'
    })

    const blockedBoard = await call<Rec>(sandbox.url, `/api/crm/crmboards/${boardId}`, {
      method: 'DELETE',
      token
    })
    expect(blockedBoard.status).toBe(400)
    expect(blockedBoard.json.Message).toBe(
      'CrmBoard: You must delete all CrmBoardColumn records using this record before you can delete it.'
    )
    expect(
      (await call(sandbox.url, `/api/crm/crmboardcolumns/${stageRec.Id}`, { method: 'DELETE', token })).status
    ).toBe(400)
    await call(sandbox.url, `/api/crm/crmopportunities/${card.Id}`, { method: 'DELETE', token })
    expect(
      (await call(sandbox.url, `/api/crm/crmboardcolumns/${stageRec.Id}`, { method: 'DELETE', token })).status
    ).toBe(200)
    expect(
      (await call(sandbox.url, `/api/crm/crmboards/${boardId}`, { method: 'DELETE', token })).status
    ).toBe(200)
  })

  it('creates and updates opportunity types; validates required fields', async () => {
    const business = ws.boards[0]!.BusinessId
    const created = await call<Rec>(sandbox.url, '/api/crm/opportunitytypes', {
      method: 'POST',
      token,
      body: { BusinessId: business, Name: 'Podcast studio', NotesTemplate: 'Hours per month:' }
    })
    const type = created.json.Value as Rec
    expect(type).toMatchObject({ Name: 'Podcast studio', NotesTemplate: 'Hours per month:' })
    const updated = await call<Rec>(sandbox.url, '/api/crm/opportunitytypes', {
      method: 'PUT',
      token,
      body: { ...type, Name: 'Studio' }
    })
    expect((updated.json.Value as Rec).Name).toBe('Studio')
    const invalid = await call<Rec>(sandbox.url, '/api/crm/opportunitytypes', {
      method: 'POST',
      token,
      body: { BusinessId: business, Name: '' }
    })
    expect(invalid.status).toBe(400)
    expect(invalid.json.Message).toBe('Name: is a required field')
  })
})
