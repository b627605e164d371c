import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { z } from 'zod'
import {
  AdminUser,
  Coworker,
  CrmBoard,
  CrmBoardColumn,
  CrmOpportunity,
  CrmOpportunityHistory,
  listEnvelope,
  opportunityWritable,
  OpportunityType
} from '../shared/nexudus'
import { LARGE_BOARD_SIZE, seedDataset } from './data/seed'
import { DEMO_USERS, startSandbox, type RunningSandbox } from './index'
import type { Dataset } from './types'
import { call, quietReset, signIn } from './testing'

type Rec = Record<string, unknown> & { Id: number }
const ANCHOR = Date.UTC(2026, 2, 1)
const NX_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/
const DATE_FIELDS = /(On|Date|Time)$/

const serialise = (ds: Dataset) =>
  JSON.stringify(Object.entries(ds).map(([kind, table]) => [kind, [...table.values()]]))

let sandbox: RunningSandbox
let token: string
const all = async (path: string) =>
  (await call<{ Records: Rec[] }>(sandbox.url, `${path}?size=1000`, { token })).json.Records

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true })
  quietReset(sandbox)
  token = await signIn(sandbox.url)
})
afterAll(() => sandbox.close())

describe('determinism', () => {
  it('gives byte-identical data for the same seed and anchor, other data for another seed', () => {
    const a = serialise(seedDataset({ preset: 'demo', seed: 42, anchorMs: ANCHOR }))
    const b = serialise(seedDataset({ preset: 'demo', seed: 42, anchorMs: ANCHOR }))
    const c = serialise(seedDataset({ preset: 'demo', seed: 43, anchorMs: ANCHOR }))
    expect(a).toBe(b)
    expect(c).not.toBe(a)
  })

  it('serves the same records from two sandboxes started with the same seed and anchor', async () => {
    const one = await startSandbox({ port: 0, quiet: true, seed: 9, anchor: '2026-03-01' })
    const two = await startSandbox({ port: 0, quiet: true, seed: 9, anchor: '2026-03-01' })
    try {
      const read = async (s: RunningSandbox) => {
        s.control.setSwitches({ limits: null })
        return (await call(s.url, '/api/crm/crmopportunities?size=1000', { token: await signIn(s.url) })).text
      }
      expect(await read(one)).toBe(await read(two))
    } finally {
      await Promise.all([one.close(), two.close()])
    }
  })
})

describe('every record parses with the client’s schemas', () => {
  const cases: [string, z.ZodType][] = [
    ['/api/crm/crmboards', CrmBoard],
    ['/api/crm/crmboardcolumns', CrmBoardColumn],
    ['/api/crm/crmopportunities', CrmOpportunity],
    ['/api/spaces/coworkers', Coworker],
    ['/api/sys/users', AdminUser],
    ['/api/crm/opportunitytypes', OpportunityType],
    ['/api/crm/crmopportunityhistories', CrmOpportunityHistory]
  ]
  it.each(cases)('%s (list envelope, every record, get-by-id)', async (path, schema) => {
    const page = (await call(sandbox.url, `${path}?size=1000`, { token })).json
    const parsed = listEnvelope(schema).safeParse(page)
    expect(parsed.success, JSON.stringify(parsed.error?.issues.slice(0, 3))).toBe(true)
    const records = (page as { Records: Rec[]; TotalItems: number }).Records
    expect(records.length).toBe((page as { TotalItems: number }).TotalItems)
    for (const record of records.slice(0, 5)) {
      const one = (await call(sandbox.url, `${path}/${record.Id}`, { token })).json
      expect(schema.safeParse(one).success).toBe(true)
    }
    for (const record of records) {
      for (const [key, value] of Object.entries(record))
        if (DATE_FIELDS.test(key) && value !== null) expect(value, `${path} ${key}`).toMatch(NX_DATE)
    }
  })
})

describe('demo content', () => {
  it('has the demo users, with the read-only one not an admin', async () => {
    const users = await all('/api/sys/users')
    const byEmail = (email: string) => users.find((u) => u.Email === email)
    expect(byEmail(DEMO_USERS.admin.email)).toMatchObject({
      FullName: 'Alex Morgan',
      IsAdmin: true,
      Active: true
    })
    expect(byEmail(DEMO_USERS.twoFactor.email)).toMatchObject({
      IsAdmin: true,
      TwoFactorAuthentication: true
    })
    expect(byEmail(DEMO_USERS.readOnly.email)).toMatchObject({ IsAdmin: false })
    expect(users.filter((u) => u.IsAdmin && u.Active).length).toBeGreaterThanOrEqual(5)
    expect(users.some((u) => u.Active === false)).toBe(true)
    expect(users.every((u) => !('password' in u) && !('totpSecret' in u) && !('roles' in u))).toBe(true)
  })

  it('has two businesses (GBP and EUR) and the documented boards and stages', async () => {
    const columns = await all('/api/crm/crmboardcolumns')
    const boards = await all('/api/crm/crmboards')
    const stages = (board: string) =>
      columns
        .filter((c) => c.CrmBoardName === board)
        .sort((a, b) => (a.Position as number) - (b.Position as number))
    expect(boards.map((b) => `${b.Name}${b.Archived ? ' (archived)' : ''}`).sort()).toEqual([
      'Dublin memberships',
      'Events 2025 (archived)',
      'Memberships & desks',
      'Private offices'
    ])
    const memberships = stages('Memberships & desks')
    expect(memberships.map((c) => c.Name)).toEqual([
      'New enquiry',
      'Tour booked',
      'Tour done',
      'Proposal sent',
      'Negotiation',
      'Won',
      'Lost'
    ])
    expect(memberships.map((c) => c.Position)).toEqual([1, 100, 200, 300, 400, 500, 600])
    expect(memberships.find((c) => c.Name === 'Won')).toMatchObject({
      WinOpportunity: true,
      LoseOpportunity: false
    })
    expect(memberships.find((c) => c.Name === 'Lost')).toMatchObject({
      LoseOpportunity: true,
      WinOpportunity: false
    })
    expect(memberships[0]).toMatchObject({
      CrmBoardBusinessName: 'Harbour Works Coworking',
      CrmBoardBusinessCurrencyCode: 'GBP'
    })
    const onboarding = stages('Private offices').find((c) => c.Name === 'Onboarding')!
    expect(onboarding).toMatchObject({
      ActivateAccount: true,
      UseTaskListAsResponsible: true,
      WinOpportunity: false
    })
    expect(onboarding.CannedResponseId).toEqual(expect.any(Number))
    expect(onboarding.TaskListId).toEqual(expect.any(Number))
    expect(stages('Dublin memberships').find((c) => c.Name === 'Erase data')).toMatchObject({
      DeleteAccount: true,
      OpportunitiesCount: 0
    })
    expect(stages('Dublin memberships')[0]).toMatchObject({ CrmBoardBusinessCurrencyCode: 'EUR' })
    for (const column of columns) expect(column.ToStringText).toBe(`${column.CrmBoardName} - ${column.Name}`)
  })

  it('has 60–150 opportunities with every field populated somewhere, realistically', async () => {
    const opportunities = await all('/api/crm/crmopportunities')
    expect(opportunities.length).toBeGreaterThanOrEqual(60)
    expect(opportunities.length).toBeLessThanOrEqual(150)
    const fields = [
      ...Object.keys(opportunityWritable),
      'SystemId',
      'TeamName',
      'OpportunityTypeName',
      'ResponsibleFullName',
      'CoworkerCompanyName',
      'CrmUpdatedOn'
    ]
    for (const field of fields)
      expect(
        opportunities.some((o) => o[field] !== null && o[field] !== false),
        field
      ).toBe(true)
    const today = new Date(sandbox.control.state.anchorMs).toISOString()
    const open = opportunities.filter((o) => o.Status === 1)
    expect(open.some((o) => o.DueDate !== null && String(o.DueDate) < today)).toBe(true)
    expect(open.some((o) => o.DueDate !== null && String(o.DueDate) > today)).toBe(true)
    for (const o of opportunities) {
      if (o.Status === 2)
        expect(o).toMatchObject({ Completed: true, WonOn: expect.any(String), LostOn: null })
      if (o.Status === 3)
        expect(o).toMatchObject({
          Completed: true,
          LostOn: expect.any(String),
          LossReason: expect.any(Number)
        })
      if (o.Status === 1)
        expect(o).toMatchObject({ Completed: false, WonOn: null, LostOn: null, LossReason: null })
      if (o.UtmSource !== null) expect([1, 10, 13, 14, 15, 19]).toContain(o.LeadSource)
      if (o.ReferrerId !== null) expect([5, 8]).toContain(o.LeadSource)
      if (o.AgentId !== null) expect([11, 12, 17, 22]).toContain(o.LeadSource)
      expect((o.Position as number) % 100).toBe(0)
      expect(o.Id).toBeGreaterThan(1e9)
      expect(Number.isSafeInteger(o.Id)).toBe(true)
      expect(String(o.UpdatedOn) >= String(o.CreatedOn)).toBe(true)
    }
    const byColumn = new Map<unknown, number[]>()
    for (const o of opportunities)
      byColumn.set(o.CrmBoardColumnId, [...(byColumn.get(o.CrmBoardColumnId) ?? []), o.Position as number])
    for (const positions of byColumn.values()) expect(new Set(positions).size).toBe(positions.length)
  })

  it('hands out ids that are not monotonic with creation time', async () => {
    const opportunities = (await all('/api/crm/crmopportunities')).sort((a, b) =>
      String(a.CreatedOn).localeCompare(String(b.CreatedOn))
    )
    const ids = opportunities.map((o) => o.Id)
    expect(ids).not.toEqual([...ids].sort((a, b) => a - b))
  })

  it('has individual and company customers, and types with notes templates', async () => {
    const coworkers = await all('/api/spaces/coworkers')
    expect(coworkers.some((c) => c.CoworkerType === 1 && c.CompanyName)).toBe(true)
    expect(coworkers.some((c) => c.CoworkerType === 2)).toBe(true)
    expect(coworkers.every((c) => String(c.Email).includes('@'))).toBe(true)
    const types = await all('/api/crm/opportunitytypes')
    expect(types.every((t) => typeof t.NotesTemplate === 'string' && t.BusinessId)).toBe(true)
  })
})

describe('large preset', () => {
  it('generates 5,000 opportunities on one 8-stage board, quickly', () => {
    const started = performance.now()
    const ds = seedDataset({ preset: 'large', seed: 1, anchorMs: ANCHOR })
    const elapsed = performance.now() - started
    const board = [...ds.boards.values()].find((b) => b.Name === 'Enterprise pipeline')!
    const columns = [...ds.columns.values()].filter((c) => c.CrmBoardId === board.Id)
    const ids = new Set(columns.map((c) => c.Id))
    const cards = [...ds.opportunities.values()].filter((o) => ids.has(o.CrmBoardColumnId))
    expect(columns).toHaveLength(8)
    expect(cards).toHaveLength(LARGE_BOARD_SIZE)
    expect([...ds.boards.values()].filter((b) => b.BusinessId === board.BusinessId)).toHaveLength(1)
    // "Well under a second" on an idle machine; the bound leaves room for a busy CI box.
    expect(elapsed).toBeLessThan(2500)
  })
})
