import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { CrmOpportunity, WriteEnvelope } from '../shared/nexudus'
import { DEMO_USERS, startSandbox, type RunningSandbox } from './index'
import { call, quietReset, signIn, workspace } from './testing'

type Rec = Record<string, unknown> & { Id: number }
type Workspace = Awaited<ReturnType<typeof workspace>>
let sandbox: RunningSandbox
let token: string
let ws: Workspace

const NX_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/
const SUCCESS_KEYS = [
  'Status',
  'Message',
  'Value',
  'OpenInDialog',
  'OpenInWindow',
  'RedirectURL',
  'JavaScript',
  'UpdatedOn',
  'UpdatedBy',
  'Errors',
  'WasSuccessful'
]
const REQUIRED_ONLY = ['Id', 'CrmBoardColumnId', 'CoworkerId', 'Position', 'Status'] as const

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true })
})
afterAll(() => sandbox.close())
beforeEach(async () => {
  quietReset(sandbox)
  token = await signIn(sandbox.url)
  ws = await workspace(sandbox.url, token)
})

async function someCard(boardName = 'Memberships & desks', stage = 'New enquiry'): Promise<Rec> {
  const cards = await ws.cardsIn(ws.column(boardName, stage))
  const card = cards[0]
  if (!card) throw new Error('no card')
  return ws.opportunity(card.Id)
}

describe('PUT /api/crm/crmopportunities', () => {
  it('answers the seed’s 200 body: same keys in the same order, full record in Value', async () => {
    const card = await someCard()
    const reply = await ws.put(card)
    expect(reply.status).toBe(200)
    expect(Object.keys(reply.json)).toEqual(SUCCESS_KEYS)
    expect(reply.json).toMatchObject({
      Status: 200,
      Message: 'CrmOpportunity was successfully updated.',
      OpenInDialog: false,
      OpenInWindow: false,
      RedirectURL: null,
      JavaScript: null,
      UpdatedBy: DEMO_USERS.admin.email,
      Errors: null,
      WasSuccessful: true
    })
    const value = reply.json.Value as Rec
    expect(value.Id).toBe(card.Id)
    expect(CrmOpportunity.safeParse(value).success).toBe(true)
    expect(WriteEnvelope.safeParse(reply.json).success).toBe(true)
    expect(reply.json.UpdatedOn).toMatch(NX_DATE)
    expect(String(reply.json.UpdatedOn) > String(card.UpdatedOn)).toBe(true)
    expect(value.UpdatedOn).toBe(reply.json.UpdatedOn)
    expect((await ws.opportunity(card.Id)).UpdatedBy).toBe(DEMO_USERS.admin.email)
  })

  it('answers a PUT without Status exactly like the seed’s 400 example', async () => {
    const { Status: _status, ...card } = await someCard()
    const reply = await ws.put(card)
    expect(reply.status).toBe(400)
    expect(reply.json).toStrictEqual({
      Message: 'Status: is a required field',
      Value: null,
      Errors: [{ AttemptedValue: null, Message: 'is a required field', PropertyName: 'Status' }],
      WasSuccessful: false
    })
    expect(WriteEnvelope.safeParse(reply.json).success).toBe(true)
  })

  it('lists every missing required field, one error each', async () => {
    const reply = await ws.put({ Name: 'x' })
    expect(reply.status).toBe(400)
    const errors = reply.json.Errors as { PropertyName: string }[]
    expect(errors.map((e) => e.PropertyName)).toEqual([...REQUIRED_ONLY])
    expect(reply.json.Message).toBe(REQUIRED_ONLY.map((p) => `${p}: is a required field`).join('\n'))
  })

  it('404s for an unknown Id and 400s for a body that is not a JSON object', async () => {
    const card = await someCard()
    const missing = await ws.put({ ...card, Id: 1234 })
    expect(missing.status).toBe(404)
    expect(missing.text).toBe('"Not found"')
    const garbage = await ws.put('{not json')
    expect(garbage.status).toBe(400)
    expect(garbage.json.WasSuccessful).toBe(false)
  })

  it.each([
    ['LeadSource', 3, 'is not a valid value'],
    ['LossReason', 50, 'is not a valid value'],
    ['Status', 7, 'is not a valid value'],
    ['CrmBoardColumnId', 999, 'refers to a record that does not exist'],
    ['CoworkerId', 999, 'refers to a record that does not exist'],
    ['ResponsibleId', 999, 'refers to a record that does not exist'],
    ['DueDate', 'next tuesday', 'is not a valid value'],
    ['Value', 'lots', 'is not a valid value'],
    ['Completed', 'maybe', 'is not a valid value'],
    ['Position', 1.5, 'is not a valid value']
  ])('rejects a bad %s with an Errors entry', async (field, value, message) => {
    const card = await someCard()
    const reply = await ws.put({ ...card, [field]: value })
    expect(reply.status).toBe(400)
    expect(reply.json).toStrictEqual({
      Message: `${field}: ${message}`,
      Value: null,
      Errors: [{ AttemptedValue: value, Message: message, PropertyName: field }],
      WasSuccessful: false
    })
  })

  it('strict mode (default): omitted optional fields are cleared', async () => {
    const card = await ws.opportunity(
      (await ws.all('/api/crm/crmopportunities?CrmOpportunity_Status=1')).find(
        (r) => r.Notes && r.Value && r.Name
      )!.Id
    )
    const body = Object.fromEntries(REQUIRED_ONLY.map((k) => [k, card[k]]))
    expect((await ws.put(body)).status).toBe(200)
    const after = await ws.opportunity(card.Id)
    expect(after).toMatchObject({
      Name: null,
      Notes: null,
      Value: null,
      DueDate: null,
      LeadSource: null,
      ResponsibleId: null
    })
    expect(after).toMatchObject({
      Completed: false,
      Reminded: false,
      UtmSource: null,
      SystemId: null,
      TeamId: null
    })
    expect(after).toMatchObject({ ResponsibleFullName: null, OpportunityTypeName: null, TeamName: null })
    expect(after.CreatedOn).toBe(card.CreatedOn)
  })

  it('merge mode: omitted fields keep their value', async () => {
    sandbox.control.setSwitches({ putMode: 'merge' })
    const card = await someCard()
    expect((await ws.put({ Id: card.Id, Name: 'Renamed' })).status).toBe(200)
    const after = await ws.opportunity(card.Id)
    const changing = ['UpdatedOn', 'UpdatedBy', 'Name', 'ToStringText']
    const rest = Object.fromEntries(Object.entries(after).filter(([k]) => !changing.includes(k)))
    const before = Object.fromEntries(Object.entries(card).filter(([k]) => !changing.includes(k)))
    expect(after.Name).toBe('Renamed')
    expect(rest).toEqual(before)
  })

  it('ignores read-only fields in the body and recomputes the denormalised ones', async () => {
    const card = await someCard()
    const coworkers = await ws.all('/api/spaces/coworkers?Coworker_CoworkerType=2')
    const company = coworkers.find((c) => c.Id !== card.CoworkerId)!
    const users = await ws.all('/api/sys/users?User_FullName=Elena')
    const dublinWon = ws.column('Dublin memberships', 'Won')
    const reply = await ws.put({
      ...card,
      CoworkerId: company.Id,
      ResponsibleId: users[0]!.Id,
      CrmBoardColumnId: dublinWon.Id,
      CoworkerFullName: 'Someone Else',
      CoworkerCoworkerType: 'Individual',
      CrmBoardColumnName: 'Nope',
      CrmBoardColumnCrmBoardBusinessCurrencyCode: 'USD',
      ResponsibleFullName: 'Nobody',
      ToStringText: 'x',
      CreatedOn: '2001-01-01T00:00:00Z',
      UniqueId: 'x',
      CrmUpdatedOn: '2001-01-01T00:00:00Z'
    })
    expect(reply.status).toBe(200)
    const after = await ws.opportunity(card.Id)
    expect(after).toMatchObject({
      CoworkerFullName: company.FullName,
      CoworkerCoworkerType: 'Company',
      CoworkerCompanyName: company.CompanyName,
      CoworkerEmail: company.Email,
      ResponsibleFullName: 'Elena Rossi',
      CrmBoardColumnName: 'Won',
      CrmBoardColumnCrmBoardName: 'Dublin memberships',
      CrmBoardColumnCrmBoardBusinessName: 'Harbour Works Dublin',
      CrmBoardColumnCrmBoardBusinessCurrencyCode: 'EUR',
      CreatedOn: card.CreatedOn,
      UniqueId: card.UniqueId
    })
    expect(after.CrmUpdatedOn).toBe(after.UpdatedOn)
    expect(after.ToStringText).toBe(after.Name ? `${company.FullName} - ${after.Name}` : company.FullName)
  })

  it('stores client dates as the same instant in the 7-digit UTC form', async () => {
    const card = await someCard()
    await ws.put({
      ...card,
      DueDate: '2027-01-15T00:00:00Z',
      WonOn: '2027-01-15T10:30:00+02:00',
      LostOn: '2027-01-15'
    })
    const after = await ws.opportunity(card.Id)
    expect(after.DueDate).toBe('2027-01-15T00:00:00.0000000Z')
    expect(after.WonOn).toBe('2027-01-15T08:30:00.0000000Z')
    expect(after.LostOn).toBe('2027-01-15T00:00:00.0000000Z')
  })
})

describe('POST /api/crm/crmopportunities', () => {
  it('creates with the documented required fields, Status defaulting to 1, and answers the full record', async () => {
    const column = ws.column('Private offices', 'Viewing booked')
    const coworker = (await ws.all('/api/spaces/coworkers'))[0]!
    const type = (await ws.all('/api/crm/opportunitytypes?OpportunityType_Name=Private office'))[0]!
    const reply = await ws.post({
      CrmBoardColumnId: column.Id,
      CoworkerId: coworker.Id,
      Position: 1,
      OpportunityTypeId: type.Id
    })
    expect(reply.status).toBe(200)
    expect(Object.keys(reply.json)).toEqual(SUCCESS_KEYS)
    expect(reply.json.Message).toBe('CrmOpportunity was successfully created.')
    const value = reply.json.Value as Rec
    expect(CrmOpportunity.safeParse(value).success).toBe(true)
    expect(value).toMatchObject({
      Status: 1,
      Position: 1,
      Completed: false,
      CrmBoardColumnName: 'Viewing booked'
    })
    expect(value.Notes).toBe(type.NotesTemplate)
    expect(Number.isSafeInteger(value.Id) && value.Id > 1e9).toBe(true)
    expect(value.CreatedOn).toMatch(NX_DATE)
    expect(await ws.opportunity(value.Id)).toEqual(value)
  })

  it('400s on missing required fields', async () => {
    const reply = await ws.post({ Position: 1 })
    expect(reply.status).toBe(400)
    expect((reply.json.Errors as { PropertyName: string }[]).map((e) => e.PropertyName)).toEqual([
      'CrmBoardColumnId',
      'CoworkerId'
    ])
  })
})

describe('DELETE /api/crm/crmopportunities/{id}', () => {
  it('deletes, answers Value {Id}, then 404s', async () => {
    const card = await someCard()
    const reply = await call<Rec>(sandbox.url, `/api/crm/crmopportunities/${card.Id}`, {
      method: 'DELETE',
      token
    })
    expect(reply.status).toBe(200)
    expect(Object.keys(reply.json)).toEqual(SUCCESS_KEYS)
    expect(reply.json).toMatchObject({
      Message: 'CrmOpportunity was successfully deleted.',
      Value: { Id: card.Id },
      WasSuccessful: true
    })
    expect((await call(sandbox.url, `/api/crm/crmopportunities/${card.Id}`, { token })).status).toBe(404)
    expect(await ws.historyOf(card.Id)).toEqual([])
    const again = await call(sandbox.url, `/api/crm/crmopportunities/${card.Id}`, { method: 'DELETE', token })
    expect(again.status).toBe(404)
    expect(again.text).toBe('"Not found"')
  })
})
