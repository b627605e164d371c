import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { RunningSandbox } from '../../sandbox'
import {
  interceptingFetch,
  resetSandbox,
  sandboxView,
  signedIn,
  startQuietSandbox,
  type SandboxView,
  type Session
} from '../board/harness'

const BOARD = 'Memberships & desks'
let sandbox: RunningSandbox
let session: Session
let view: SandboxView

beforeAll(async () => {
  sandbox = await startQuietSandbox()
})
afterAll(() => sandbox.close())
beforeEach(async () => {
  resetSandbox(sandbox)
  session = await signedIn(sandbox)
  view = sandboxView(sandbox)
})
afterEach(() => session.close())

const coworkers = () => [...sandbox.control.state.data.coworkers.values()]
/** The sandbox's own history rows of a card, in the order the drawer must show them. */
const historyIds = (id: number) =>
  [...sandbox.control.state.data.histories.values()]
    .filter((row) => row.CrmOpportunityId === id)
    .sort((a, b) => String(a.ToTime).localeCompare(String(b.ToTime)) || a.Id - b.Id)
    .map((row) => row.Id)

describe('opportunity.get', () => {
  it('answers the whole record as the drawer shows it, referrer and agent named, history oldest first', async () => {
    const id = view.openIds(view.stageId(BOARD, 'Tour done'))[0]!
    const [referrer, agent] = [coworkers()[3]!, coworkers()[7]!]
    sandbox.control.patchOpportunity(id, { ReferrerId: referrer.Id, AgentId: agent.Id })
    sandbox.control.patchOpportunity(id, { CrmBoardColumnId: view.stageId(BOARD, 'Negotiation') })
    sandbox.control.clearRequests()

    const { record, history } = await session.handlers['opportunity.get']({ id })

    const stored = view.record(id)
    expect(record).toMatchObject({
      Id: id,
      CrmBoardColumnId: stored.CrmBoardColumnId,
      CrmBoardColumnName: 'Negotiation',
      CoworkerId: stored.CoworkerId,
      CoworkerFullName: stored.CoworkerFullName,
      UpdatedOn: stored.UpdatedOn,
      Notes: stored.Notes,
      DueDate: stored.DueDate,
      ReferrerId: referrer.Id,
      ReferrerFullName: referrer.FullName,
      AgentId: agent.Id,
      AgentFullName: agent.FullName
    })
    // Fields the drawer does not show stay in main.
    for (const field of ['UniqueId', 'TeamName', 'CrmBoardColumnCrmBoardBusinessId', 'ToStringText'])
      expect(record).not.toHaveProperty(field)

    expect(history.map((visit) => visit.Id)).toEqual(historyIds(id))
    expect(history.at(-1)).toMatchObject({ NewCrmBoardColumnName: 'Negotiation', UserFullName: 'Priya Shah' })
    expect(history.at(-1)).not.toHaveProperty('CrmOpportunityId')

    const reads = view.requests().map((r) => `${r.method} ${r.path}`)
    expect(reads.sort()).toEqual(
      [
        `GET /api/crm/crmopportunities/${id}`,
        'GET /api/crm/crmopportunityhistories',
        `GET /api/spaces/coworkers/${referrer.Id}`,
        `GET /api/spaces/coworkers/${agent.Id}`
      ].sort()
    )
    const historyRead = view.requests().find((r) => r.path === '/api/crm/crmopportunityhistories')
    expect(historyRead?.query).toMatchObject({ CrmOpportunityHistory_CrmOpportunity: String(id) })
  })

  it('names nobody when there is no referrer or agent, or the coworker is gone; one read for the same one twice', async () => {
    const id = view.openIds(view.stageId(BOARD, 'New enquiry'))[0]!
    const gone = coworkers()[5]!
    sandbox.control.patchOpportunity(id, { ReferrerId: null, AgentId: gone.Id })
    sandbox.control.state.data.coworkers.delete(gone.Id)
    expect((await session.handlers['opportunity.get']({ id })).record).toMatchObject({
      ReferrerFullName: null,
      AgentId: gone.Id,
      AgentFullName: null
    })

    const both = coworkers()[2]!
    sandbox.control.patchOpportunity(id, { ReferrerId: both.Id, AgentId: both.Id })
    sandbox.control.clearRequests()
    const { record } = await session.handlers['opportunity.get']({ id })
    expect(record).toMatchObject({ ReferrerFullName: both.FullName, AgentFullName: both.FullName })
    expect(view.requests().filter((r) => r.path.startsWith('/api/spaces/coworkers'))).toHaveLength(1)
  })

  it('keeps only the card’s own history when the server ignores the filter', async () => {
    await session.close()
    session = await signedIn(
      sandbox,
      undefined,
      interceptingFetch((request) => {
        const url = new URL(request.url)
        if (!url.searchParams.has('CrmOpportunityHistory_CrmOpportunity')) return undefined
        url.searchParams.delete('CrmOpportunityHistory_CrmOpportunity')
        return new Request(url, request)
      })
    )
    const id = view.openIds(view.stageId(BOARD, 'Proposal sent'))[0]!
    const { history } = await session.handlers['opportunity.get']({ id })
    expect(sandbox.control.state.data.histories.size).toBeGreaterThan(history.length * 10)
    expect(history.map((visit) => visit.Id)).toEqual(historyIds(id))
  })

  it('is NotFound for an opportunity that does not exist', async () => {
    await expect(session.handlers['opportunity.get']({ id: 123 })).rejects.toMatchObject({ kind: 'NotFound' })
  })
})
