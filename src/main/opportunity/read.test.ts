import { describe, expect, it } from 'vitest'
import { interceptingFetch } from '../board/harness'
import { sandboxSuite } from '../board/suite'

const BOARD = 'Memberships & desks'

const t = sandboxSuite()

const coworkers = () => [...t.sandbox.control.state.data.coworkers.values()]
/** The sandbox's own history rows of a card, in the order the drawer must show them. */
const historyIds = (id: number) =>
  [...t.sandbox.control.state.data.histories.values()]
    .filter((row) => row.CrmOpportunityId === id)
    .sort((a, b) => String(a.ToTime).localeCompare(String(b.ToTime)) || a.Id - b.Id)
    .map((row) => row.Id)

describe('opportunity.get', () => {
  it('answers the whole record as the drawer shows it, referrer and agent named, history oldest first', async () => {
    const id = t.view.openIds(t.view.stageId(BOARD, 'Tour done'))[0]!
    const [referrer, agent] = [coworkers()[3]!, coworkers()[7]!]
    t.sandbox.control.patchOpportunity(id, { ReferrerId: referrer.Id, AgentId: agent.Id })
    t.sandbox.control.patchOpportunity(id, { CrmBoardColumnId: t.view.stageId(BOARD, 'Negotiation') })
    t.sandbox.control.clearRequests()

    const { record, history } = await t.session.handlers['opportunity.get']({ id })

    const stored = t.view.record(id)
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

    const reads = t.view.requests().map((r) => `${r.method} ${r.path}`)
    expect(reads.sort()).toEqual(
      [
        `GET /api/crm/crmopportunities/${id}`,
        'GET /api/crm/crmopportunityhistories',
        `GET /api/spaces/coworkers/${referrer.Id}`,
        `GET /api/spaces/coworkers/${agent.Id}`
      ].sort()
    )
    const historyRead = t.view.requests().find((r) => r.path === '/api/crm/crmopportunityhistories')
    expect(historyRead?.query).toMatchObject({ CrmOpportunityHistory_CrmOpportunity: String(id) })
  })

  it('names nobody when there is no referrer or agent, or the coworker is gone; one read for the same one twice', async () => {
    const id = t.view.openIds(t.view.stageId(BOARD, 'New enquiry'))[0]!
    const gone = coworkers()[5]!
    t.sandbox.control.patchOpportunity(id, { ReferrerId: null, AgentId: gone.Id })
    t.sandbox.control.state.data.coworkers.delete(gone.Id)
    expect((await t.session.handlers['opportunity.get']({ id })).record).toMatchObject({
      ReferrerFullName: null,
      AgentId: gone.Id,
      AgentFullName: null
    })

    const both = coworkers()[2]!
    t.sandbox.control.patchOpportunity(id, { ReferrerId: both.Id, AgentId: both.Id })
    t.sandbox.control.clearRequests()
    const { record } = await t.session.handlers['opportunity.get']({ id })
    expect(record).toMatchObject({ ReferrerFullName: both.FullName, AgentFullName: both.FullName })
    expect(t.view.requests().filter((r) => r.path.startsWith('/api/spaces/coworkers'))).toHaveLength(1)
  })

  it('keeps only the card’s own history when the server ignores the filter', async () => {
    await t.signInAs(
      undefined,
      interceptingFetch((request) => {
        const url = new URL(request.url)
        if (!url.searchParams.has('CrmOpportunityHistory_CrmOpportunity')) return undefined
        url.searchParams.delete('CrmOpportunityHistory_CrmOpportunity')
        return new Request(url, request)
      })
    )
    const id = t.view.openIds(t.view.stageId(BOARD, 'Proposal sent'))[0]!
    const { history } = await t.session.handlers['opportunity.get']({ id })
    expect(t.sandbox.control.state.data.histories.size).toBeGreaterThan(history.length * 10)
    expect(history.map((visit) => visit.Id)).toEqual(historyIds(id))
  })

  it('is NotFound for an opportunity that does not exist', async () => {
    await expect(t.session.handlers['opportunity.get']({ id: 123 })).rejects.toMatchObject({
      kind: 'NotFound'
    })
  })
})
