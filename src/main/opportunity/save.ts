/**
 * opportunity.save: GET-before-PUT of the whole record with only the drawer's changes applied
 * (API doc §9.1, §9.2). Nexudus keeps no version, so the stale check is ours: a record changed
 * since the drawer opened it is answered as a conflict, with nothing written, unless the user has
 * seen that and chosen to write over it.
 */
import type { HandlerInput } from '../../shared/bridge'
import { toCard } from '../../shared/card'
import type { SaveResult } from '../../shared/details'
import type { CrmOpportunity } from '../../shared/nexudus'
import { AppError } from '../bridge/errors'
import { refused } from '../board/move'
import { effectiveChanges, toPutBody } from '../board/record'
import { sameInstant } from '../board/stale'
import { getOpportunity, putOpportunity } from '../nexudus/boards'
import { withClientRetryLimits } from '../nexudus/retry-budget'
import { crossFieldError, recordChanges } from './changes'
import { FORBIDDEN_EDIT, orForbidden } from './forbidden'
import { describeOpportunity, type OpportunityDeps } from './read'

export type SaveInput = HandlerInput<'opportunity.save'>

export async function saveOpportunity(deps: OpportunityDeps, input: SaveInput): Promise<SaveResult> {
  const { client, index } = deps
  const ticket = index.ticket()
  const fresh = await getOpportunity(client, input.id)
  index.note(fresh, ticket)
  // As instants: a list and a get of one record may differ in fraction digits (board/stale.ts).
  if (!input.overwrite && !sameInstant(fresh.UpdatedOn, input.expectedUpdatedOn))
    return { status: 'conflict', fresh: await describeOpportunity(deps, fresh) }

  const changes = effectiveChanges(fresh, recordChanges(input.changes, fresh))
  const invalid = crossFieldError({ ...fresh, ...changes })
  if (invalid) throw invalid
  // Nothing differs from the server: a PUT would only move UpdatedOn and tell colleagues it changed.
  if (Object.keys(changes).length === 0) return saved(deps, fresh)

  try {
    await orForbidden(FORBIDDEN_EDIT, () => putOpportunity(client, toPutBody(fresh, changes)))
  } catch (error) {
    // The write may have landed with its answer lost; a new Status would change the stage's open cards.
    if (!refused(error)) index.forget(fresh.CrmBoardColumnId)
    throw error
  }
  try {
    // Landed: the read back gets the client's whole retry budget (nexudus/retry-budget.ts).
    return await withClientRetryLimits(async () => {
      const after = index.ticket()
      const record = await getOpportunity(client, input.id)
      index.note(record, after)
      return saved(deps, record)
    })
  } catch (error) {
    if (!(error instanceof AppError)) throw error
    // The save landed: a plain error would make the drawer offer to save it again.
    throw new AppError(
      error.kind,
      `The changes were saved in Nexudus, but could not be read back (${error.message.replace(/\.$/, '')}). Reopen the opportunity to see them.`,
      {},
      { landed: true }
    )
  }
}

async function saved(deps: OpportunityDeps, record: CrmOpportunity): Promise<SaveResult> {
  return { status: 'saved', record: await describeOpportunity(deps, record), card: toCard(record) }
}
