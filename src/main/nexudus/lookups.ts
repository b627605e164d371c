/**
 * The reads behind the details drawer that are not about the board: customers and admin users for
 * the pickers, opportunity types, and an opportunity's stage history (API doc §7). Like boards.ts,
 * every list is also filtered locally: Nexudus ignores a filter it does not know without an error
 * (§3.2), and how it matches strings is undocumented (O9).
 */
import { AdminUser, Coworker, CrmOpportunityHistory, OpportunityType } from '../../shared/nexudus'
import type { NexudusClient } from './client'

const COWORKERS = '/api/spaces/coworkers'
const USERS = '/api/sys/users'
const TYPES = '/api/crm/opportunitytypes'
const HISTORIES = '/api/crm/crmopportunityhistories'

/** What one picker search asks for and shows. */
export const PEOPLE_PAGE = 25

/** One page of customers whose name the server matches; the caller filters it again. */
export async function searchCoworkers(client: NexudusClient, query: string): Promise<Coworker[]> {
  const page = await client.list(COWORKERS, Coworker, {
    Coworker_FullName: query,
    page: 1,
    size: PEOPLE_PAGE
  })
  return page.Records
}

/** Every customer, in pages of the documented maximum (§3.2): the pickers' fallback search. */
export function listCoworkers(client: NexudusClient): Promise<Coworker[]> {
  return client.listAll(COWORKERS, Coworker, {}, { size: 1000 })
}

export function getCoworker(client: NexudusClient, id: number): Promise<Coworker> {
  return client.get(COWORKERS, id, Coworker)
}

/** Every admin user, active or not: the caller decides who may be responsible. */
export function listUsers(client: NexudusClient): Promise<AdminUser[]> {
  return client.listAll(USERS, AdminUser, {}, { size: 1000 })
}

export async function listOpportunityTypes(
  client: NexudusClient,
  businessId: number
): Promise<OpportunityType[]> {
  const types = await client.listAll(
    TYPES,
    OpportunityType,
    { OpportunityType_Business: businessId },
    { size: 1000 }
  )
  return types.filter((type) => type.BusinessId === businessId)
}

/** Every stage change of one opportunity, in no particular order. */
export async function listHistory(
  client: NexudusClient,
  opportunityId: number
): Promise<CrmOpportunityHistory[]> {
  const rows = await client.listAll(
    HISTORIES,
    CrmOpportunityHistory,
    { CrmOpportunityHistory_CrmOpportunity: opportunityId },
    { size: 1000 }
  )
  return rows.filter((row) => row.CrmOpportunityId === opportunityId)
}
