import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type RunningSandbox } from './index'
import type { ListEnvelope } from './query'
import { call, quietReset, signIn } from './testing'

type Rec = Record<string, unknown> & { Id: number }
let sandbox: RunningSandbox
let token: string
let boards: Rec[]
let columns: Rec[]

const get = async <T = ListEnvelope>(path: string) => {
  const reply = await call<T>(sandbox.url, path, { token })
  expect(reply.status, reply.text).toBe(200)
  return reply.json
}
const list = (path: string) => get<Omit<ListEnvelope, 'Records'> & { Records: Rec[] }>(path)
const board = (name: string) => boards.find((b) => b.Name === name) as Rec

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true })
  quietReset(sandbox)
  token = await signIn(sandbox.url)
  boards = (await list('/api/crm/crmboards?size=100')).Records
  columns = (await list('/api/crm/crmboardcolumns?size=1000')).Records
})
afterAll(() => sandbox.close())

describe('list envelope and paging', () => {
  it('has exactly the 13 documented keys', async () => {
    const page = await list('/api/crm/crmopportunities')
    expect(Object.keys(page).sort()).toEqual(
      [
        'Records',
        'CurrentPage',
        'CurrentPageSize',
        'CurrentOrderField',
        'CurrentSortDirection',
        'FirstItem',
        'LastItem',
        'TotalItems',
        'TotalPages',
        'HasNextPage',
        'HasPreviousPage',
        'PageNumber',
        'PageSize'
      ].sort()
    )
    expect(page).toMatchObject({
      CurrentPage: 1,
      CurrentPageSize: 25,
      PageNumber: 1,
      PageSize: 25,
      FirstItem: 1,
      LastItem: 25
    })
    expect(page).toMatchObject({
      CurrentOrderField: 'Id',
      CurrentSortDirection: 1,
      HasPreviousPage: false,
      HasNextPage: true
    })
    expect(page.TotalPages).toBe(Math.ceil(page.TotalItems / 25))
    expect(page.Records).toHaveLength(25)
  })

  it('pages with page/size (1-based) and covers every record exactly once', async () => {
    const first = await list('/api/crm/crmopportunities?size=40')
    const ids = new Set<number>()
    for (let page = 1; page <= first.TotalPages; page++) {
      const reply = await list(`/api/crm/crmopportunities?size=40&page=${page}`)
      expect(reply.CurrentPage).toBe(page)
      expect(reply.FirstItem).toBe((page - 1) * 40 + 1)
      expect(reply.LastItem).toBe(Math.min(page * 40, reply.TotalItems))
      expect(reply.HasNextPage).toBe(page < reply.TotalPages)
      expect(reply.HasPreviousPage).toBe(page > 1)
      for (const r of reply.Records) ids.add(r.Id)
    }
    expect(ids.size).toBe(first.TotalItems)
  })

  it('caps size at 1000, falls back to 25 on nonsense, and answers an empty page past the end', async () => {
    expect((await list('/api/crm/crmopportunities?size=5000')).PageSize).toBe(1000)
    expect((await list('/api/crm/crmopportunities?size=abc&page=0')).PageSize).toBe(25)
    const past = await list('/api/crm/crmopportunities?page=999')
    expect(past.Records).toEqual([])
    expect(past.CurrentPage).toBe(999)
  })

  it('ignores unknown parameters, including the wrong paging names', async () => {
    const all = await list('/api/crm/crmopportunities')
    const odd = await list(
      '/api/crm/crmopportunities?PageNumber=3&PageSize=2&foo=bar&CrmOpportunity_Nope=1&Coworker_FullName=x'
    )
    expect(odd.TotalItems).toBe(all.TotalItems)
    expect(odd.CurrentPage).toBe(1)
    expect(odd.PageSize).toBe(25)
  })
})

describe('ordering', () => {
  const values = (page: { Records: Rec[] }) => page.Records.map((r) => r.Value as number | null)
  const sortedAsc = (xs: (number | null)[]) => [...xs].sort((a, b) => (a ?? -Infinity) - (b ?? -Infinity))

  it('orders by Id ascending by default', async () => {
    const ids = (await list('/api/crm/crmopportunities?size=200')).Records.map((r) => r.Id)
    expect(ids).toEqual([...ids].sort((a, b) => a - b))
  })

  it.each([
    ['dir=0', 'asc', 1],
    ['dir=Ascending', 'asc', 1],
    ['dir=1', 'desc', -1],
    ['dir=-1', 'desc', -1],
    ['dir=Descending', 'desc', -1]
  ])('%s sorts %s', async (dir, order, emitted) => {
    for (const name of ['orderBy', 'orderby']) {
      const page = await list(`/api/crm/crmopportunities?size=1000&${name}=Value&${dir}`)
      const expected = sortedAsc(values(page))
      expect(values(page)).toEqual(order === 'asc' ? expected : expected.reverse())
      expect(page.CurrentOrderField).toBe('Value')
      expect(page.CurrentSortDirection).toBe(emitted)
    }
  })

  it('orders strings case-insensitively and falls back to Id for an unknown field', async () => {
    const names = (await list('/api/spaces/coworkers?size=1000&orderBy=fullname')).Records.map((r) =>
      String(r.FullName)
    )
    expect(names).toEqual(
      [...names].sort((a, b) =>
        a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0
      )
    )
    expect((await list('/api/crm/crmboards?orderBy=Nope')).CurrentOrderField).toBe('Id')
  })
})

describe('filters', () => {
  it('filters opportunities by stage (navigation name without Id) and matches the column counts', async () => {
    const column = columns.find((c) => (c.OpportunitiesCount as number) > 3) as Rec
    const page = await list(`/api/crm/crmopportunities?size=1000&CrmOpportunity_CrmBoardColumn=${column.Id}`)
    expect(page.TotalItems).toBe(column.OpportunitiesCount)
    expect(page.Records.every((r) => r.CrmBoardColumnId === column.Id)).toBe(true)
  })

  it('walks nested navigations: opportunities of a board', async () => {
    const memberships = board('Memberships & desks')
    const page = await list(
      `/api/crm/crmopportunities?size=1000&CrmOpportunity_CrmBoardColumn_CrmBoard_Id=${memberships.Id}`
    )
    const expected = columns
      .filter((c) => c.CrmBoardId === memberships.Id)
      .reduce((n, c) => n + (c.OpportunitiesCount as number), 0)
    expect(page.TotalItems).toBe(expected)
    expect(page.TotalItems).toBeGreaterThan(0)
    expect(page.Records.every((r) => r.CrmBoardColumnCrmBoardId === memberships.Id)).toBe(true)
  })

  it('filters stages by board and by the board’s business, boards by business', async () => {
    const memberships = board('Memberships & desks')
    const stages = await list(`/api/crm/crmboardcolumns?CrmBoardColumn_CrmBoard=${memberships.Id}`)
    const byPosition = [...stages.Records].sort((a, b) => (a.Position as number) - (b.Position as number))
    expect(byPosition.map((c) => c.Name)).toEqual([
      'New enquiry',
      'Tour booked',
      'Tour done',
      'Proposal sent',
      'Negotiation',
      'Won',
      'Lost'
    ])
    expect(stages.TotalItems).toBe(7)
    const business = memberships.BusinessId as number
    const byBusiness = await list(
      `/api/crm/crmboardcolumns?size=1000&CrmBoardColumn_CrmBoard_Business_Id=${business}`
    )
    expect(byBusiness.Records.every((c) => c.CrmBoardBusinessId === business)).toBe(true)
    const currency = await list(
      `/api/crm/crmboardcolumns?size=1000&CrmBoardColumn_CrmBoard_Business_Currency_Code=EUR`
    )
    expect(currency.TotalItems).toBeGreaterThan(0)
    expect(currency.Records.every((c) => c.CrmBoardBusinessCurrencyCode === 'EUR')).toBe(true)
    const boardsOf = await list(`/api/crm/crmboards?CrmBoard_Business=${business}`)
    expect(boardsOf.Records.map((b) => b.Name).sort()).toEqual([
      'Events 2025',
      'Memberships & desks',
      'Private offices'
    ])
  })

  it('treats filter names case-insensitively', async () => {
    const column = columns[0] as Rec
    const a = await list(`/api/crm/crmopportunities?CrmOpportunity_CrmBoardColumn=${column.Id}`)
    const b = await list(`/api/crm/crmopportunities?crmopportunity_crmboardcolumn=${column.Id}`)
    const c = await list(`/api/crm/crmopportunities?CRMOPPORTUNITY_CRMBOARDCOLUMN_ID=${column.Id}`)
    expect(b.TotalItems).toBe(a.TotalItems)
    expect(c.TotalItems).toBe(a.TotalItems)
  })

  it('matches strings as case-insensitive contains, through navigations too', async () => {
    const page = await list('/api/crm/crmopportunities?size=1000&CrmOpportunity_Coworker_FullName=SINGH')
    expect(page.TotalItems).toBeGreaterThan(0)
    expect(page.Records.every((r) => String(r.CoworkerFullName).toLowerCase().includes('singh'))).toBe(true)
    const stages = await list('/api/crm/crmboardcolumns?CrmBoardColumn_Name=lo')
    expect(stages.Records.every((c) => String(c.Name).toLowerCase().includes('lo'))).toBe(true)
    const coworkers = await list('/api/spaces/coworkers?size=1000&Coworker_Email=.EXAMPLE')
    expect(coworkers.TotalItems).toBe((await list('/api/spaces/coworkers')).TotalItems)
  })

  it('matches ids, enums and booleans exactly', async () => {
    const web = await list('/api/crm/crmopportunities?size=1000&CrmOpportunity_LeadSource=1')
    expect(web.TotalItems).toBeGreaterThan(0)
    expect(web.Records.every((r) => r.LeadSource === 1)).toBe(true)
    const won = await list('/api/crm/crmopportunities?size=1000&CrmOpportunity_Status=2')
    expect(won.Records.every((r) => r.Status === 2 && r.Completed === true && r.WonOn)).toBe(true)
    const winStages = await list('/api/crm/crmboardcolumns?CrmBoardColumn_WinOpportunity=true')
    expect(winStages.TotalItems).toBe(4)
    expect(winStages.Records.every((c) => c.WinOpportunity === true)).toBe(true)
    const companies = await list('/api/spaces/coworkers?size=1000&Coworker_CoworkerType=2')
    expect(companies.Records.every((c) => c.CoworkerType === 2)).toBe(true)
    const admins = await list('/api/sys/users?User_IsAdmin=false')
    expect(admins.Records.map((u) => u.Email)).toEqual(['viewer@harbour-works.example'])
  })

  it('finds customers by part of their name (the picker’s Coworker_FullName)', async () => {
    const all = (await list('/api/spaces/coworkers?size=1000')).Records
    const sample = String(all.find((c) => c.CoworkerType === 1)!.FullName)
    const part = sample.split(' ')[1]!.slice(0, 3).toUpperCase()
    const found = await list(`/api/spaces/coworkers?Coworker_FullName=${encodeURIComponent(part)}&size=25`)
    const expected = all.filter((c) => String(c.FullName).toLowerCase().includes(part.toLowerCase()))
    expect(found.TotalItems).toBe(expected.length)
    expect(found.Records.map((c) => c.Id)).toEqual(
      expected
        .map((c) => c.Id)
        .sort((a, b) => a - b)
        .slice(0, 25)
    )
    expect((await list('/api/spaces/coworkers?Coworker_FullName=zzqx')).TotalItems).toBe(0)
  })

  it('with stringFilters "exact", matches only whole values, still ignoring case', async () => {
    const someone = (await list('/api/spaces/coworkers?size=1')).Records[0]!
    const name = String(someone.FullName)
    sandbox.control.setSwitches({ stringFilters: 'exact' })
    try {
      const whole = await list(
        `/api/spaces/coworkers?Coworker_FullName=${encodeURIComponent(name.toUpperCase())}`
      )
      expect(whole.Records.map((c) => c.Id)).toContain(someone.Id)
      expect(whole.Records.every((c) => String(c.FullName).toLowerCase() === name.toLowerCase())).toBe(true)
      const part = await list(
        `/api/spaces/coworkers?Coworker_FullName=${encodeURIComponent(name.slice(0, 3))}`
      )
      expect(part.TotalItems).toBe(0)
    } finally {
      sandbox.control.setSwitches({ stringFilters: 'contains' })
    }
  })

  it('lists admin users with their Active and IsAdmin flags, and opportunity types per business', async () => {
    const users = (await list('/api/sys/users?size=1000')).Records
    expect(users.some((u) => u.Active === false && u.IsAdmin === true)).toBe(true)
    expect(users.some((u) => u.IsAdmin === false)).toBe(true)
    const active = await list('/api/sys/users?User_Active=true&User_IsAdmin=true')
    expect(active.Records.every((u) => u.Active === true && u.IsAdmin === true)).toBe(true)
    expect(active.TotalItems).toBe(users.filter((u) => u.Active && u.IsAdmin).length)

    const businesses = [...new Set(boards.map((b) => b.BusinessId as number))]
    expect(businesses.length).toBeGreaterThanOrEqual(2)
    for (const business of businesses) {
      const types = await list(`/api/crm/opportunitytypes?OpportunityType_Business=${business}&size=1000`)
      expect(types.TotalItems).toBeGreaterThanOrEqual(3)
      expect(
        types.Records.every((t) => t.BusinessId === business && String(t.NotesTemplate).length > 0)
      ).toBe(true)
    }
  })

  it('filters a list of ids and answers the normal envelope', async () => {
    const some = (await list('/api/crm/crmopportunities?size=3')).Records.map((r) => r.Id)
    const page = await list(`/api/crm/crmopportunities?CrmOpportunity_Id=[${some.join(',')}]`)
    expect(page.Records.map((r) => r.Id).sort()).toEqual([...some].sort())
    expect(page.TotalItems).toBe(3)
  })

  it('applies from_/to_ ranges on dates (YYYY-MM-DDTHH:mm or full ISO) and numbers', async () => {
    const all = await list('/api/crm/crmopportunities?size=1000')
    const sorted = all.Records.map((r) => String(r.UpdatedOn)).sort()
    const pivot = sorted[Math.floor(sorted.length / 2)] as string
    const minute = pivot.slice(0, 16)
    const from = await list(`/api/crm/crmopportunities?size=1000&from_CrmOpportunity_UpdatedOn=${minute}`)
    expect(from.TotalItems).toBeGreaterThan(0)
    expect(from.TotalItems).toBeLessThan(all.TotalItems)
    expect(from.Records.every((r) => String(r.UpdatedOn) >= `${minute}:00.0000000Z`)).toBe(true)
    const to = await list(
      `/api/crm/crmopportunities?size=1000&To_CrmOpportunity_UpdatedOn=${encodeURIComponent(pivot)}`
    )
    expect(to.Records.every((r) => String(r.UpdatedOn) <= pivot)).toBe(true)
    expect(to.TotalItems).toBe(sorted.filter((d) => d <= pivot).length)
    const iso = await list(
      `/api/crm/crmopportunities?size=1000&FROM_CrmOpportunity_UpdatedOn=${minute}:00.000Z`
    )
    expect(iso.TotalItems).toBe(from.TotalItems)

    const band = await list(
      '/api/crm/crmopportunities?size=1000&from_CrmOpportunity_Value=5000&to_CrmOpportunity_Value=20000'
    )
    expect(band.TotalItems).toBeGreaterThan(0)
    expect(band.Records.every((r) => (r.Value as number) >= 5000 && (r.Value as number) <= 20000)).toBe(true)
    const positions = await list('/api/crm/crmopportunities?size=1000&to_CrmOpportunity_Position=100')
    expect(positions.Records.every((r) => r.Position === 100)).toBe(true)
  })

  it('combines filters with AND', async () => {
    const page = await list(
      '/api/crm/crmopportunities?size=1000&CrmOpportunity_Status=1&from_CrmOpportunity_Value=10000'
    )
    expect(page.Records.every((r) => r.Status === 1 && (r.Value as number) >= 10000)).toBe(true)
  })
})

describe('get one, batch, commands', () => {
  it('answers the raw record by id; columns carry Products/Resources only there', async () => {
    const won = columns.find((c) => c.Name === 'Won' && c.ProductPurchased === true) as Rec
    expect(won).not.toHaveProperty('Products')
    const one = await get<Rec>(`/api/crm/crmboardcolumns/${won.Id}`)
    expect(one.Id).toBe(won.Id)
    expect((one.Products as number[]).length).toBe(2)
    expect(one).not.toHaveProperty('Records')
  })

  it('404s with the JSON string "Not found"', async () => {
    for (const path of ['/api/crm/crmopportunities/123', '/api/crm/crmboards/abc', '/api/sys/users/1']) {
      const reply = await call(sandbox.url, path, { token })
      expect(reply.status).toBe(404)
      expect(reply.text).toBe('"Not found"')
    }
  })

  it('answers ?id=[…] with a bare array, skipping unknown ids, on every resource', async () => {
    const coworkers = (await list('/api/spaces/coworkers?size=2')).Records.map((r) => r.Id)
    const batch = await get<Rec[]>(`/api/spaces/coworkers/?id=[${coworkers.join(',')},42]`)
    expect(Array.isArray(batch)).toBe(true)
    expect(batch.map((r) => r.Id)).toEqual(coworkers)
    const users = (await list('/api/sys/users?size=2')).Records.map((r) => r.Id)
    expect((await get<Rec[]>(`/api/sys/users?id=[${users.join(',')}]`)).map((r) => r.Id)).toEqual(users)
    const opps = (await list('/api/crm/crmopportunities?size=2')).Records.map((r) => r.Id)
    expect((await get<Rec[]>(`/api/crm/crmopportunities?id=${opps.join(',')}`)).map((r) => r.Id)).toEqual(
      opps
    )
  })

  it('lists no commands', async () => {
    expect(await get('/api/crm/crmopportunities/commands')).toEqual([])
  })

  it('serves every resource path', async () => {
    for (const path of [
      'crm/crmboards',
      'crm/crmboardcolumns',
      'crm/crmopportunities',
      'spaces/coworkers',
      'sys/users',
      'crm/opportunitytypes',
      'crm/crmopportunityhistories'
    ]) {
      const page = await list(`/api/${path}`)
      expect(page.TotalItems, path).toBeGreaterThan(0)
    }
  })
})
