/**
 * opportunity.get: one opportunity in full for the details drawer, with its stage history. The
 * record names its customer, type and responsible user, but not its referrer or agent (API doc
 * §6.1): those two are looked up among the coworkers.
 */
import { OpportunityDetails, type OpportunityRead } from '../../shared/details'
import type { CrmOpportunity } from '../../shared/nexudus'
import { AppError } from '../bridge/errors'
import type { MoveDeps } from '../board/move'
import { getOpportunity } from '../nexudus/boards'
import { getCoworker, listHistory } from '../nexudus/lookups'
import { stageVisits } from './history'

export type OpportunityDeps = MoveDeps

export async function readOpportunity(deps: OpportunityDeps, id: number): Promise<OpportunityRead> {
  const ticket = deps.index.ticket()
  const [record, rows] = await Promise.all([getOpportunity(deps.client, id), listHistory(deps.client, id)])
  deps.index.note(record, ticket)
  return { record: await describeOpportunity(deps, record), history: stageVisits(rows, id) }
}

/** The record as the drawer shows it: unknown fields dropped, referrer and agent named. */
export async function describeOpportunity(
  deps: OpportunityDeps,
  record: CrmOpportunity
): Promise<OpportunityDetails> {
  const names = new Map<number, Promise<string | null>>()
  const nameOf = (id: number | null | undefined): Promise<string | null> => {
    if (id === null || id === undefined) return Promise.resolve(null)
    let name = names.get(id)
    if (!name) names.set(id, (name = coworkerName(deps, id)))
    return name
  }
  const [ReferrerFullName, AgentFullName] = await Promise.all([
    nameOf(record.ReferrerId),
    nameOf(record.AgentId)
  ])
  return OpportunityDetails.parse({ ...record, ReferrerFullName, AgentFullName })
}

/**
 * A name is not worth failing the drawer for: a coworker deleted since, or one this user may not
 * read, shows as no name.
 */
async function coworkerName(deps: OpportunityDeps, id: number): Promise<string | null> {
  try {
    return (await getCoworker(deps.client, id)).FullName ?? null
  } catch (error) {
    if (error instanceof AppError && (error.kind === 'NotFound' || error.kind === 'Forbidden')) {
      deps.log(`opportunity: coworker ${id} could not be named (${error.kind})`)
      return null
    }
    throw error
  }
}
