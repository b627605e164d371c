/**
 * opportunity.delete. A record that is not there is what the user asked for (API doc §3.4: a 404
 * means "already gone"); a refusal, whether HTTP 200 or 500 with WasSuccessful:false, is shown
 * with the server's own words, which say what blocks it.
 */
import { AppError } from '../bridge/errors'
import { deleteOpportunity as deleteRecord } from '../nexudus/boards'
import { FORBIDDEN_DELETE, orForbidden } from './forbidden'
import type { OpportunityDeps } from './read'

export async function deleteOpportunity(deps: OpportunityDeps, id: number): Promise<{ id: number }> {
  try {
    const { gone } = await orForbidden(FORBIDDEN_DELETE, () => deleteRecord(deps.client, id))
    if (gone) deps.log(`opportunity: ${id} was already deleted`)
  } catch (error) {
    if (!(error instanceof AppError && error.kind === 'NotFound')) throw error
    deps.log(`opportunity: ${id} was already deleted`)
  }
  deps.index.drop(id, deps.index.ticket())
  return { id }
}
