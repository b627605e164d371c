/**
 * opportunity.create: a new card at the top of its stage's open cards. Its Position comes from the
 * move planner (board/positions.ts): just above the first open card, shifting the fewest
 * neighbours, and only when there is no gap above it; never below 1 (API doc §6.4, §11.3). Only
 * `Value.Id` of the answer is trusted (O11): the card is read back, with its whole stage, since
 * the server may rewrite Positions (O6).
 */
import type { HandlerInput } from '../../shared/bridge'
import type { CreateResult } from '../../shared/details'
import type { CrmOpportunity } from '../../shared/nexudus'
import { AppError } from '../bridge/errors'
import { correct, refused, shiftNeighbours, type Plan, type Reread, type Tally } from '../board/move'
import { bySlot } from '../board/order'
import { openIn, placeCard, sortedStage, type Card, type Target } from '../board/place'
import { getOpportunity, listColumnOpportunities, postOpportunity } from '../nexudus/boards'
import { crossFieldError, recordChanges } from './changes'
import { FORBIDDEN_CREATE, orForbidden } from './forbidden'
import type { OpportunityDeps } from './read'

export type CreateInput = HandlerInput<'opportunity.create'>

/**
 * Stands in for the new card's Id while planning, which the server has not given yet. The largest
 * id sorts after every real one, so the planner never lets it share a Position with the card below
 * it, whatever Id the server hands out.
 */
const NEW_CARD = Number.MAX_SAFE_INTEGER

/** Where a new card goes to be first among `open` (the stage's open cards, any order). */
export function placeAtTop(columnId: number, open: readonly Card[]): Plan {
  const first = [...open].sort(bySlot)[0]
  return placeCard(
    { Id: NEW_CARD, Position: 0, CrmBoardColumnId: -1 },
    { columnId, afterId: null, beforeId: first?.Id ?? null },
    open
  )
}

/**
 * The target that puts `cardId` first among the other open cards of `records`, or null when it
 * already is first (or is not open there: won, lost or moved on, so there is no top to hold).
 */
export function topTarget(
  columnId: number,
  cardId: number,
  records: readonly CrmOpportunity[]
): Target | null {
  const open = openIn(columnId, records).sort(bySlot)
  if (!open.some((record) => record.Id === cardId)) return null
  const first = open.find((record) => record.Id !== cardId)
  if (!first || open[0]?.Id === cardId) return null
  return { columnId, afterId: null, beforeId: first.Id }
}

export async function createOpportunity(deps: OpportunityDeps, input: CreateInput): Promise<CreateResult> {
  const { client, index } = deps
  const { columnId, fields } = input
  const status = fields.Status ?? 1
  const invalid = crossFieldError({ Status: status, LossReason: fields.LossReason })
  if (invalid) throw invalid

  const placed = placeAtTop(columnId, await openCards(deps, columnId))
  const body = {
    ...recordChanges(fields, null),
    Status: status,
    CrmBoardColumnId: columnId,
    Position: placed.position
  }
  let id: number | null
  try {
    id = (await orForbidden(FORBIDDEN_CREATE, () => postOpportunity(client, body))).id
  } catch (error) {
    // A POST is never repeated (it could create two), so an unknown outcome leaves the stage unknown.
    if (!refused(error)) index.forget(columnId)
    throw error
  }
  if (id === null) {
    index.forget(columnId)
    throw new AppError(
      'Server',
      'The opportunity was created, but Nexudus did not say which one it is. Reload the board to see it.'
    )
  }

  const tally: Tally = { writes: 1, shiftFailed: false }
  await shiftNeighbours(deps, placed, tally)
  try {
    let stage = await readBack(deps, columnId, id)
    // The index may have missed a card a colleague put on top meanwhile: one correction, as a move does.
    const to = topTarget(columnId, id, stage.records)
    if (to && !tally.shiftFailed) {
      deps.log(`board: new card ${id} is not at the top of stage ${columnId}; correcting once`)
      if (await correct(deps, to, stage, tally)) stage = await readBack(deps, columnId, id)
    }
    return { opportunity: stage.card, column: { columnId, opportunities: sortedStage(stage.records) } }
  } catch (error) {
    index.forget(columnId)
    if (!(error instanceof AppError)) throw error
    throw new AppError(
      error.kind,
      `The opportunity was created in Nexudus, but the board could not be refreshed (${error.message.replace(/\.$/, '')}). Reload the board to see it.`,
      {},
      { landed: true }
    )
  }
}

/** The stage's open cards: from the position index when it knows them, else one read. */
async function openCards(deps: OpportunityDeps, columnId: number): Promise<readonly Card[]> {
  const known = deps.index.open(columnId)
  if (known) return known
  const ticket = deps.index.ticket()
  const records = await listColumnOpportunities(deps.client, columnId, { openOnly: true })
  deps.index.replace(columnId, records, ticket)
  return records
}

/**
 * The new card by id (the list may be a projection, §3.3) and its whole stage, every status. The
 * card's own GET wins over its list entry: the two reads are not one snapshot.
 */
async function readBack(deps: OpportunityDeps, columnId: number, id: number): Promise<Reread> {
  const { client, index } = deps
  const listed = index.ticket()
  const read = index.ticket()
  const [records, card] = await Promise.all([
    listColumnOpportunities(client, columnId, { openOnly: false }),
    getOpportunity(client, id)
  ])
  index.replace(columnId, records, listed)
  index.note(card, read)
  const others = records.filter((record) => record.Id !== id)
  return { records: card.CrmBoardColumnId === columnId ? [...others, card] : others, card }
}
