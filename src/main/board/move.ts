/**
 * opportunity.move (docs/moving-a-card.md): re-read the card, refuse a stale intent, place the card
 * (from the position index when it knows the stage), PUT the whole record once, shift neighbours
 * only when there is no gap, then re-read the card's stage, correct once if the card landed on the
 * wrong side of a named neighbour, and answer with what the server holds. Nothing here assumes the
 * server keeps the positions it was sent (API doc §6.4, O6).
 */
import type { HandlerInput, MoveResult } from '../../shared/bridge'
import { toCard } from '../../shared/card'
import type { CrmBoardColumn, CrmOpportunity } from '../../shared/nexudus'
import { AppError } from '../bridge/errors'
import type { NexudusClient } from '../nexudus/client'
import { withClientRetryLimits } from '../nexudus/retry-budget'
import {
  getColumn,
  getOpportunity,
  listColumnOpportunities,
  listColumnWindow,
  putOpportunity
} from '../nexudus/boards'
import { outcomeFields } from './outcome'
import { landing, openIn, placeCard, sortedStage, type Card, type Placed, type Target } from './place'
import type { PositionIndex } from './position-index'
import type { Slot } from './positions'
import { planReads } from './reads'
import { effectiveChanges, toPutBody, type MoveChanges } from './record'
import { staleness, type Staleness } from './stale'
import type { StageCache } from './stage-cache'

export type MoveIntentInput = HandlerInput<'opportunity.move'>

export interface MoveDeps {
  client: NexudusClient
  stages: StageCache
  index: PositionIndex
  now: () => Date
  log: (line: string) => void
}

export const FORBIDDEN_EDIT =
  'You may not edit opportunities in Nexudus (role CrmOpportunity-Edit). Ask an administrator for access.'

export async function moveOpportunity(deps: MoveDeps, intent: MoveIntentInput): Promise<MoveResult> {
  const { client, index } = deps
  const reads = planReads(intent, {
    flags: (id) => deps.stages.get(id) !== undefined,
    positions: (id) => index.has(id)
  })
  // Independent reads go out together; if the card turns out stale, a list read was wasted.
  const ticket = index.ticket()
  const [fresh, listed, stage] = await Promise.all([
    getOpportunity(client, intent.opportunityId),
    reads.destinationOpen === null
      ? null
      : listColumnOpportunities(client, reads.destinationOpen, { openOnly: true }),
    intent.to ? stageOf(deps, intent.to.columnId) : null
  ])
  if (listed && reads.destinationOpen !== null) index.replace(reads.destinationOpen, listed, ticket)
  index.note(fresh, ticket)

  const why = staleness(fresh, intent.expected)
  if (why) throw conflict(fresh, why)
  // Before any write: a Lose stage without a reason is refused here (Validation).
  const outcome = outcomeFields({ explicit: intent.outcome, destination: stage, fresh, now: deps.now() })
  const placed = intent.to ? await placeIn(deps, fresh, intent.to, listed) : null
  const where: MoveChanges = placed ? { CrmBoardColumnId: placed.columnId, Position: placed.position } : {}
  const changes = effectiveChanges(fresh, { ...where, ...outcome })

  const source = fresh.CrmBoardColumnId
  const leaves = changes.CrmBoardColumnId !== undefined
  // The source's Positions as last seen, in case this move is the one that learns how the server
  // treats a stage a card left (settleSource).
  const sourceBefore = leaves && index.sources === 'unknown' ? index.open(source) : undefined
  const tally: Tally = { writes: 0, shiftFailed: false }
  if (Object.keys(changes).length > 0) {
    try {
      await put(client, toPutBody(fresh, changes))
    } catch (error) {
      // Any failure of the card's own PUT reaches the renderer as is: nothing moved, it rolls back.
      // Unless the server refused outright, the PUT may still have landed with its answer lost.
      if (!refused(error)) for (const id of [source, reads.reread]) index.forget(id)
      // Refused, the card is as just read: the renderer puts it back to exactly that.
      if (isRefusal(error))
        throw new AppError(error.kind, error.message, { ...error.detail, fresh: toCard(fresh) })
      throw error
    }
    tally.writes = 1
    index.note({ ...fresh, ...changes }, index.ticket())
  }

  const afterTheWrite = async (): Promise<MoveResult> => {
    if (placed && tally.writes > 0) await shiftNeighbours(deps, placed, tally)
    let settled: Settled
    try {
      settled = await reconcile(
        deps,
        reads.reread,
        fresh.Id,
        { to: intent.to, sent: changes.Position },
        tally
      )
    } catch (error) {
      index.forget(reads.reread)
      if (tally.writes === 0 || !(error instanceof AppError)) throw error
      // The write landed, so a plain error would make the renderer show the card where it no longer is.
      throw new AppError(
        error.kind,
        `The move was saved in Nexudus, but the board could not be refreshed (${error.message.replace(/\.$/, '')}). Reload the board to see it.`,
        { landed: true },
        // Still transient (a 5xx, the network): the outbox keeps the move, and its next try finds
        // it landed (holdsMove) and only re-reads, so the user sees it saved once that works.
        { landed: true, transient: error.transient }
      )
    }
    const columns = [...settled.columns]
    if (leaves) columns.push(...(await settleSource(deps, source, sourceBefore)))
    return { opportunity: settled.opportunity, columns, writes: tally.writes }
  }
  // The card's write has landed: what follows gets the client's whole retry budget, even for a
  // move the user waits on (nexudus/retry-budget.ts).
  return tally.writes > 0 ? withClientRetryLimits(afterTheWrite) : afterTheWrite()
}

export interface Tally {
  /** PUTs that landed, the card's and its neighbours'. */
  writes: number
  /** A neighbour's PUT failed: more writes now would likely fail too, so no correction round. */
  shiftFailed: boolean
}

export type Plan = Placed

/**
 * Where the card goes: from the open cards just listed, else from the position index. The index
 * may be stale: when it holds none of the cards the user named, the stage is read after all. None
 * of them there is no conflict (they may be on their way, being closed, refused): the shared rule
 * then takes the top or the end (shared/order.ts).
 */
async function placeIn(
  deps: MoveDeps,
  fresh: CrmOpportunity,
  to: Target,
  listed: CrmOpportunity[] | null
): Promise<Plan> {
  let open: readonly Card[] | null = listed
  if (!open) {
    const known = deps.index.open(to.columnId)
    const placed = known ? placeCard(fresh, to, known) : null
    if (placed?.anchored) return placed
    const ticket = deps.index.ticket()
    const records = await listColumnOpportunities(deps.client, to.columnId, { openOnly: true })
    deps.index.replace(to.columnId, records, ticket)
    open = records
  }
  return placeCard(fresh, to, open)
}

/** Errors after which the server certainly did not apply the request. */
export function refused(error: unknown): boolean {
  return (
    error instanceof AppError &&
    (error.kind === 'Forbidden' || error.kind === 'Validation' || error.kind === 'Unauthorized')
  )
}

/**
 * The server said no to the write itself (a business rule, HTTP 200 with WasSuccessful false, or a
 * field it rejects): not applied, and sending it again would be refused again.
 */
export function isRefusal(error: unknown): error is AppError {
  return (
    error instanceof AppError &&
    !error.transient &&
    !error.landed &&
    (error.kind === 'Validation' || error.kind === 'Server')
  )
}

/** The destination's Win/Lose flags: from board.load's stages, else one GET (remembered). */
async function stageOf(deps: MoveDeps, columnId: number): Promise<CrmBoardColumn> {
  const cached = deps.stages.get(columnId)
  if (cached) return cached
  const column = await getColumn(deps.client, columnId)
  deps.stages.add(column)
  return column
}

async function put(client: NexudusClient, body: object): Promise<void> {
  try {
    await putOpportunity(client, body)
  } catch (error) {
    // The client names the role generically; here we know exactly what the user tried to do.
    if (error instanceof AppError && error.kind === 'Forbidden')
      throw new AppError('Forbidden', FORBIDDEN_EDIT)
    throw error
  }
}

/**
 * Neighbours are rewritten after the card, each from its own fresh GET (a whole-record PUT from an
 * older read would undo a colleague's edit), in shift-order.ts's order. A neighbour that left the
 * stage, closed or got another Position since the stage was read (or since the index saw it) is
 * skipped: the plan no longer applies to it, and the check after the re-read corrects the card.
 * A failed shift stops the rest; the card has moved, so instead of an error the caller answers
 * with the server's order, which the renderer shows as the truth.
 */
export async function shiftNeighbours(deps: MoveDeps, placed: Plan, tally: Tally): Promise<void> {
  for (const shift of placed.shifts) {
    try {
      const neighbour = await getOpportunity(deps.client, shift.id)
      if (!stillAt(neighbour, placed.columnId, placed.before.get(shift.id))) {
        deps.log(`board: neighbour ${shift.id} changed since it was read; not shifted`)
        continue
      }
      await put(deps.client, toPutBody(neighbour, { Position: shift.position }))
      tally.writes++
    } catch (error) {
      tally.shiftFailed = true
      deps.log(
        `board: shifting neighbour ${shift.id} failed (${reason(error)}); the board shows the server's order`
      )
      break
    }
  }
}

function stillAt(record: CrmOpportunity, columnId: number, position: Slot['position'] | undefined): boolean {
  return record.CrmBoardColumnId === columnId && record.Status === 1 && record.Position === position
}

type Settled = Omit<MoveResult, 'writes'>

/**
 * The card's stage as the server now holds it (all statuses), and the card from it. The re-read is
 * also the check of the move: the plan may have come from a stale index (a colleague reordered the
 * stage), and then the card sits on the wrong side of a card the user named. One correction round
 * follows, planned from this re-read; if even that does not hold, the server's order is the answer.
 * `sent`: the Position the card's PUT carried, if it changed it, to notice a server that rewrites it.
 */
async function reconcile(
  deps: MoveDeps,
  columnId: number,
  cardId: number,
  { to, sent }: { to: Target | undefined; sent: number | undefined },
  tally: Tally
): Promise<Settled> {
  const window = to && sent !== undefined ? windowAround(deps.index, columnId, cardId, sent) : null
  let stage =
    (window && (await rereadWindow(deps, columnId, cardId, window))) ?? (await reread(deps, columnId, cardId))
  if (sent !== undefined && stage.card.CrmBoardColumnId === columnId && stage.card.Position !== sent)
    deps.index.rewrites = true
  // A window that shows a wrong landing is not enough to correct from: read the whole stage.
  if (to && stage.window && landing(cardId, to, stage.records) === 'no')
    stage = await reread(deps, columnId, cardId)
  if (to && landing(cardId, to, stage.records) === 'no') {
    if (tally.shiftFailed) {
      deps.log(`board: card ${cardId} is not where it was dropped; a write failed, so it is left there`)
    } else {
      deps.log(`board: card ${cardId} is not where it was dropped (the stage changed); correcting once`)
      if (await correct(deps, to, stage, tally)) stage = await reread(deps, columnId, cardId)
      if (landing(cardId, to, stage.records) === 'no')
        deps.log(`board: card ${cardId} is still not where it was dropped; showing the server's order`)
    }
  }
  const column = { columnId, opportunities: sortedStage(stage.records) }
  return { opportunity: stage.card, columns: [stage.window ? { ...column, window: stage.window } : column] }
}

/**
 * A stage of more open cards than this is re-read after a move as a window of Positions around the
 * card: one request, where the whole stage takes one per 1,000 cards. Below it a whole re-read is
 * one request anyway, and also shows colleagues' changes anywhere in the stage.
 */
export const WINDOW_FROM = 900
/** Cards on each side of the card that the window holds: enough to judge where it landed. */
const WINDOW_SIDE = 20

/**
 * The Positions to re-read around a card just written at `position`, from the index; null when the
 * whole stage should be read: a small or unknown stage, or a server seen rewriting Positions (then
 * the card and its neighbours may be anywhere, and a window would miss them).
 */
export function windowAround(
  index: PositionIndex,
  columnId: number,
  cardId: number,
  position: number
): { from: number; to: number } | null {
  if (index.rewrites || index.sources === 'renumbered') return null
  const open = index.open(columnId)
  if (!open || open.length < WINDOW_FROM) return null
  const others = open
    .filter((card) => card.Id !== cardId)
    .map((card) => card.Position)
    .sort((a, b) => a - b)
  let at = others.findIndex((p) => p >= position)
  if (at < 0) at = others.length
  const low = others[Math.max(0, at - WINDOW_SIDE)] ?? position
  const high = others[Math.min(others.length - 1, at + WINDOW_SIDE - 1)] ?? position
  return { from: Math.min(low, position), to: Math.max(high, position) }
}

/** The window re-read; null (the caller reads the whole stage) when it did not work out. */
async function rereadWindow(
  deps: MoveDeps,
  columnId: number,
  cardId: number,
  window: { from: number; to: number }
): Promise<Reread | null> {
  const ticket = deps.index.ticket()
  const records = await listColumnWindow(deps.client, columnId, window.from, window.to)
  const card = records?.find((record) => record.Id === cardId)
  if (!records || !card) {
    deps.log(`board: the window re-read of stage ${columnId} did not answer for the card; reading it all`)
    return null
  }
  // Only these cards are known afresh: the rest of the stage stays as the index last saw it.
  for (const record of records) deps.index.note(record, ticket)
  return { records, card, window }
}

/**
 * The stage a card left is not re-read: taking a card out does not reorder the others. But a
 * server that renumbers may have rewritten their Positions, and the index plans from them. So the
 * first time a server is seen rewriting a Position it was sent, the source is re-read once (and
 * returned) to learn whether it renumbers sources too. If it does, every later move forgets its
 * source, and the next move into that stage lists it first (one request) instead of planning from
 * old numbers and then correcting (three requests and a PUT).
 */
async function settleSource(
  deps: MoveDeps,
  source: number,
  before: readonly Card[] | undefined
): Promise<Settled['columns']> {
  const { index } = deps
  if (index.sources === 'renumbered') index.forget(source)
  if (index.sources !== 'unknown' || !index.rewrites || !before) return []
  try {
    const ticket = index.ticket()
    const records = await listColumnOpportunities(deps.client, source, { openOnly: false })
    index.replace(source, records, ticket)
    const was = new Map(before.map((card) => [card.Id, card.Position]))
    const stayed = openIn(source, records).filter((record) => was.has(record.Id))
    if (stayed.length > 0)
      index.sources = stayed.some((record) => was.get(record.Id) !== record.Position) ? 'renumbered' : 'kept'
    deps.log(`board: the server rewrites positions; the stages cards leave are ${index.sources}`)
    return [{ columnId: source, opportunities: sortedStage(records) }]
  } catch (error) {
    // The move itself is done; only the lesson is lost, and the source is read before it is used.
    index.forget(source)
    deps.log(`board: re-reading stage ${source} failed (${reason(error)})`)
    return []
  }
}

export interface Reread {
  records: CrmOpportunity[]
  card: CrmOpportunity
  /** Set when only the cards with a Position in this range were read. */
  window?: { from: number; to: number }
}

async function reread(deps: MoveDeps, columnId: number, cardId: number): Promise<Reread> {
  const ticket = deps.index.ticket()
  const records = await listColumnOpportunities(deps.client, columnId, { openOnly: false })
  deps.index.replace(columnId, records, ticket)
  // Someone may have moved the card again in between; then only its own GET knows where it is.
  const listed = records.find((record) => record.Id === cardId)
  if (listed) return { records, card: listed }
  const card = await getOpportunity(deps.client, cardId)
  deps.index.note(card, ticket)
  return { records, card }
}

/**
 * The correction round: GET the card (the whole record for the PUT, and proof that nobody moved it
 * since the re-read), plan from the re-read, PUT its Position, shift if needed. Whether the
 * server's answer is worth another re-read: false when nothing can have changed. A failure is
 * logged, not thrown: the card's first write landed, so the move has succeeded either way.
 */
export async function correct(deps: MoveDeps, to: Target, stage: Reread, tally: Tally): Promise<boolean> {
  try {
    const ticket = deps.index.ticket()
    const fresh = await getOpportunity(deps.client, stage.card.Id)
    deps.index.note(fresh, ticket)
    if (!stillAt(fresh, to.columnId, stage.card.Position)) {
      deps.log(`board: card ${fresh.Id} changed since the re-read; not corrected`)
      return false
    }
    const placed = placeCard(fresh, to, openIn(to.columnId, stage.records))
    if (!placed.anchored) return false
    const changes = effectiveChanges(fresh, { Position: placed.position })
    if (Object.keys(changes).length === 0 && placed.shifts.length === 0) return false
    if (Object.keys(changes).length > 0) {
      await put(deps.client, toPutBody(fresh, changes))
      tally.writes++
    }
    await shiftNeighbours(deps, placed, tally)
  } catch (error) {
    deps.log(
      `board: correcting card ${stage.card.Id} failed (${reason(error)}); the board shows the server's order`
    )
  }
  return true
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

function conflict(fresh: CrmOpportunity, why: NonNullable<Staleness>): AppError {
  const name = fresh.CoworkerFullName?.trim() || fresh.Name?.trim() || 'This opportunity'
  const who = fresh.UpdatedBy?.trim() || 'another user'
  const detail =
    why === 'moved'
      ? `moved to ${fresh.CrmBoardColumnName?.trim() || 'another stage'} by ${who}`
      : `edited by ${who}`
  const message = `${name} was changed by someone else (${detail}). The board now shows the latest version.`
  return new AppError('Conflict', message, { fresh: toCard(fresh) })
}
