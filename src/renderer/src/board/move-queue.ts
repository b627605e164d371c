/**
 * The move queue (docs/moving-a-card.md, "The renderer's queue"): a drop moves the card at once and
 * marks it saving, and `opportunity.move` is sent; the answer is the truth. Plain TypeScript over
 * the board's maps, so its rules are tested without Pinia (move-queue.test.ts). Its rules:
 *
 * - Moves of one card go out one after the other, each expecting the card as Nexudus last
 *   confirmed it; moves of different cards go at once (main orders them per stage).
 * - "Last confirmed" is the latest record of the card any answer carried (a landing, a refusal, a
 *   conflict, a re-read, an outbox settlement), never a copy taken before an answer came back: a
 *   rollback to an older copy would make the card's next move look stale to our own check.
 * - A refusal undoes that move only. With no later move of the card waiting, the card goes back
 *   to where Nexudus holds it (exactly between its old neighbours when nothing else moved it);
 *   with one waiting, it stays where the user left it last, and that move still goes.
 * - A Conflict (a colleague changed the card) shows the colleague's version and drops the card's
 *   later moves, which were made against a card that no longer is; Forbidden stops all moves.
 * - A move main could not send is kept by main's outbox ("queued"): the card stays where the user
 *   put it, marked not saved yet, until `outbox.settled` says how it ended (the store's onSettled).
 */
import type { MoveAnswer, MoveIntent, MoveResult, OutboxSettled, Outcome } from '../../../shared/bridge'
import type { BoardCard } from '../../../shared/card'
import { parseInstant } from '../../../shared/instant'
import type { OutboxEntryView } from '../../../shared/outbox'
import type { BridgeError, Result } from '../../../shared/result'
import type { Spot } from './history'
import { placeAt, restoreInto, without, type Target } from './order'

export interface MoveReport {
  /** queued: Nexudus could not be reached; main's outbox keeps it, and the card says so. */
  status: 'saved' | 'queued' | 'failed' | 'conflict' | 'forbidden' | 'cancelled'
  error?: BridgeError
}

/** A move of the user's, as the queue holds it until it is answered. */
export interface Job {
  id: number
  to?: Target
  outcome?: Outcome
  /** Where the card was before this move, for undo (absent for undo's and redo's own moves). */
  before?: Spot
}

/** What the queue needs of the board: its maps, and what to do once the server has spoken. */
export interface QueueHost {
  /** Every opportunity by Id, as drawn. */
  records: Map<number, BoardCard>
  /** Open card ids per stage, as drawn; arrays are replaced, never changed in place. */
  orders: Record<number, readonly number[]>
  /** Card id → moves not answered yet. */
  pending: Map<number, number>
  /** The stage whose order holds the card now, if any. */
  locate(id: number): number | null
  /** The card where the server says it is (its stage by (Position, Id), or out if closed). */
  placeRecord(card: BoardCard): void
  /** Re-read stages replace what is drawn of them. */
  reconcileColumns(columns: MoveResult['columns']): void
  send(intent: MoveIntent): Promise<Result<MoveAnswer>>
  /** Main's outbox keeps the move: the outbox store learns of its entry. */
  queued(entry: OutboxEntryView): void
  /** A move went through, or waits in the outbox (undo history, stage times); `from`: its stage before. */
  done(job: Job, landed: BoardCard, how: 'saved' | 'queued', from: number): void
  /** The card waits in main's outbox (this run's move or an earlier one). */
  inOutbox(id: number): boolean
  failed(job: Job, error: BridgeError, stays: boolean): void
  /** The write landed but Nexudus's answer could not be read back: the board should be read again. */
  unsure(job: Job, error: BridgeError): void
  conflict(job: Job, fresh: BoardCard): void
  forbidden(): void
}

/** What one optimistic move changed, to undo it exactly. */
interface Undo {
  /** Per stage: the order before, and the order this move set (to tell if anyone changed it since). */
  columns: Map<number, { before: readonly number[]; after: readonly number[] }>
  record: BoardCard
}

interface Queued extends Job {
  undo: Undo
  generation: number
  resolve: (report: MoveReport) => void
}

const OPEN = 1 as const

const instant = (card: BoardCard): number => (card.UpdatedOn ? (parseInstant(card.UpdatedOn)?.ms ?? -1) : -1)

export interface MoveQueue {
  /** Moves the card at once (`index` in the destination's whole order) and sends the move. */
  enqueue(record: BoardCard, job: Job, index: number): Promise<MoveReport>
  /** A record of the card the server just showed (any answer, re-read or settlement). */
  confirm(card: BoardCard): void
  /** The card as Nexudus last confirmed it, while it has moves outstanding. */
  confirmed(id: number): BoardCard | undefined
  /** Nothing of the card is outstanding any more (its outbox entry settled): forget it. */
  settle(id: number): void
  /** A move of the card is on its way (not counting the outbox). */
  busy(id: number): boolean
  /**
   * An entry of main's outbox ended (`outbox.settled`): the card goes where the server holds it,
   * unless another move of it is still out. A refusal is put back, and said, as one answered at
   * once. False when the server's card is unknown (the board should be read again).
   */
  settled(event: OutboxSettled): boolean
  /** A new board: every move still out is answered "cancelled" and forgotten. */
  reset(): void
}

/** The server's card an outbox settlement carries, if any. */
function cardOf(event: OutboxSettled): BoardCard | null {
  if (event.kind === 'move') return event.result.opportunity
  if (event.kind === 'save') return event.result.status === 'saved' ? event.result.card : null
  return event.fresh
}

export function createMoveQueue(host: QueueHost): MoveQueue {
  let generation = 0
  const chains = new Map<number, Queued[]>()
  const latest = new Map<number, BoardCard>()
  /** Cards one of whose moves was refused while a later one waited: their drawn place is that later one's. */
  const drifted = new Set<number>()

  function confirm(card: BoardCard): void {
    if (!latest.has(card.Id)) return
    const known = latest.get(card.Id)
    if (!known || instant(card) >= instant(known)) latest.set(card.Id, card)
  }

  function settle(id: number): void {
    if (chains.has(id) || host.inOutbox(id)) return
    latest.delete(id)
    drifted.delete(id)
  }

  function release(id: number): void {
    const left = (host.pending.get(id) ?? 1) - 1
    if (left > 0) host.pending.set(id, left)
    else host.pending.delete(id)
  }

  function applyOptimistic(
    record: BoardCard,
    to: Target | undefined,
    index: number,
    outcome?: Outcome
  ): Undo {
    const undo: Undo = { columns: new Map(), record }
    if (!to) return undo
    const set = (col: number, next: readonly number[]) => {
      const entry = undo.columns.get(col)
      if (entry) entry.after = next
      else undo.columns.set(col, { before: host.orders[col] ?? [], after: next })
      host.orders[col] = next
    }
    const from = host.locate(record.Id)
    if (from !== null && from !== to.columnId) set(from, without(host.orders[from]!, record.Id))
    set(to.columnId, placeAt(host.orders[to.columnId] ?? [], record.Id, index))
    host.records.set(record.Id, {
      ...record,
      CrmBoardColumnId: to.columnId,
      ...(outcome?.status === 'open' ? { Status: OPEN } : {})
    })
    return undo
  }

  /** Undoes one optimistic move in the orders: exactly, or around whatever moved since. */
  function unplace(job: Queued): void {
    for (const [col, { before, after }] of job.undo.columns) {
      const current = host.orders[col] ?? []
      if (current === after) host.orders[col] = before
      else if (before.includes(job.id)) host.orders[col] = restoreInto(current, job.id, before)
      else host.orders[col] = without(current, job.id)
    }
  }

  /**
   * The last outstanding move of the card did not happen: the card as Nexudus holds it. Exactly
   * between its old neighbours when nothing has changed those stages since the drop; else by its
   * Position among the cards there now (other cards' moves, or one of its own refused earlier,
   * have changed what "where it was" means, and only the server's order is right).
   */
  function putBack(job: Queued): void {
    const server = latest.get(job.id)!
    const untouched = [...job.undo.columns].every(([col, { after }]) => host.orders[col] === after)
    if (drifted.has(job.id) || !untouched) return host.placeRecord(server)
    unplace(job)
    host.records.set(job.id, server)
    // An earlier move of the card landed meanwhile (won, say): where it stood before is no more.
    const at = host.locate(job.id)
    if (server.Status === OPEN ? at !== server.CrmBoardColumnId : at !== null) host.placeRecord(server)
  }

  function next(id: number): void {
    const chain = chains.get(id)
    if (chain?.length) return void run(chain[0]!)
    chains.delete(id)
    settle(id)
  }

  async function run(job: Queued): Promise<void> {
    const seen = latest.get(job.id) ?? job.undo.record
    const intent: MoveIntent = {
      opportunityId: job.id,
      expected: { columnId: seen.CrmBoardColumnId, updatedOn: seen.UpdatedOn ?? null },
      ...(job.to ? { to: job.to } : {}),
      ...(job.outcome ? { outcome: job.outcome } : {})
    }
    const result = await host.send(intent)
    if (job.generation !== generation) return job.resolve({ status: 'cancelled' })
    const chain = chains.get(job.id) ?? []
    chain.shift()
    release(job.id)
    if (result.ok) {
      const data = result.data
      if ('queued' in data) {
        // Kept by main's outbox: a later move of the card goes behind it in main.
        host.queued(data.queued)
        host.done(
          job,
          host.records.get(job.id) ?? job.undo.record,
          'queued',
          job.undo.record.CrmBoardColumnId
        )
        job.resolve({ status: 'queued' })
      } else {
        confirm(data.opportunity)
        host.reconcileColumns(data.columns)
        if (!chain.length && !host.inOutbox(job.id)) host.placeRecord(data.opportunity)
        host.done(job, data.opportunity, 'saved', job.undo.record.CrmBoardColumnId)
        job.resolve({ status: 'saved' })
      }
      return next(job.id)
    }
    const failure = result.error
    if (failure.fresh) confirm(failure.fresh)
    if ((failure.kind === 'Conflict' && failure.fresh) || failure.kind === 'Forbidden') {
      // Later moves of this card were made against a card that no longer is: back, unsent, newest first.
      for (const later of chain.splice(0).reverse()) {
        release(later.id)
        unplace(later)
        later.resolve({ status: 'cancelled' })
      }
      putBack(job)
      if (failure.kind === 'Forbidden') {
        host.forbidden()
        job.resolve({ status: 'forbidden', error: failure })
      } else {
        host.placeRecord(failure.fresh!)
        host.conflict(job, failure.fresh!)
        job.resolve({ status: 'conflict', error: failure })
      }
      return next(job.id)
    }
    if (failure.landed) {
      // Saved, but not confirmed: the card stays where the user put it until the board is read again.
      host.unsure(job, failure)
      job.resolve({ status: 'failed', error: failure })
      return next(job.id)
    }
    // Refused (or failed): this move only. A later one of the card still goes, from where it is.
    const stays = chain.length > 0 || host.inOutbox(job.id)
    if (stays) drifted.add(job.id)
    else putBack(job)
    host.failed(job, failure, stays)
    job.resolve({ status: 'failed', error: failure })
    next(job.id)
  }

  return {
    enqueue(record, job, index) {
      // Drawn with nothing outstanding, the card is as the server last showed it.
      if (!latest.has(record.Id)) latest.set(record.Id, record)
      const undo = applyOptimistic(record, job.to, index, job.outcome)
      host.pending.set(record.Id, (host.pending.get(record.Id) ?? 0) + 1)
      return new Promise<MoveReport>((resolve) => {
        const queued: Queued = { ...job, undo, generation, resolve }
        const chain = chains.get(job.id) ?? []
        chains.set(job.id, chain)
        chain.push(queued)
        if (chain.length === 1) void run(queued)
      })
    },
    confirm,
    confirmed: (id) => latest.get(id),
    settle,
    busy: (id) => (host.pending.get(id) ?? 0) > 0,
    settled(event) {
      const id = event.opportunityId
      const card = cardOf(event)
      if (card) confirm(card)
      if (event.kind === 'move') host.reconcileColumns(event.result.columns)
      const stays = (host.pending.get(id) ?? 0) > 0 || host.inOutbox(id)
      if (event.kind === 'refused') host.failed({ id }, { kind: 'Validation', message: event.message }, stays)
      settle(id)
      if (stays) return true
      if (card) host.placeRecord(card)
      return card !== null || event.kind === 'save'
    },
    reset() {
      generation++
      chains.clear()
      latest.clear()
      drifted.clear()
    }
  }
}
