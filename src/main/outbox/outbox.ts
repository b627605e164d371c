/**
 * The outbox: moves and edits that could not reach Nexudus (offline, a 5xx after the client's own
 * retries, still throttled) are kept as intents, on disk, and sent again in the order they were
 * made, each against the server's data of that moment (a move re-reads the card and its stage, as
 * any move does). Nothing is ever reported as saved before the server said so: the renderer is
 * told "queued", then, per entry, that it landed (with the server's answer) or why it stopped.
 *
 * - A write is tried at once when nothing waits; when something waits, a new write goes behind it
 *   (a later move must not overtake an earlier one, nor an edit a move of the same card).
 * - A move the server refuses (a business rule, a Lose stage without a reason, the card gone) ends:
 *   it leaves the outbox and `settled` says why, with the card as the server holds it, so the
 *   renderer puts it back with the same words as a refusal answered at once. Anything else that
 *   stops an entry (an edit refused, no permission, a 5xx that never passes) stops it as `failed`;
 *   one whose opportunity someone else changed meanwhile stops as `review`. Either waits for the
 *   user: Retry or Discard. It holds back the later entries of its own card only.
 * - A later entry of a card whose earlier entry waits was made against the board as it would be
 *   after the earlier one: when that one lands, the later one's expectation becomes its result.
 * - An entry that was being sent when the app stopped may have landed: if the server already holds
 *   what it asks for, it counts as landed instead of a conflict, so nothing is written twice.
 */
import { randomUUID } from 'node:crypto'
import type { MoveAnswer, MoveIntent, MoveResult, OutboxSettled } from '../../shared/bridge'
import type { SaveInput, SaveResult } from '../../shared/details'
import { toCard, type BoardCard } from '../../shared/card'
import type { OutboxEntryView, OutboxState } from '../../shared/outbox'
import { AppError } from '../bridge/errors'
import { INTERACTIVE_RETRY, withRetryLimits } from '../nexudus/retry-budget'
import type { CacheAccount } from '../board/cache'
import type { OutboxFiles, StoredEntry } from './file'

type MoveInput = MoveIntent & { expected: { columnId: number; updatedOn: string | null } }
type SavedResult = Extract<SaveResult, { status: 'saved' }>

export interface OutboxRunners {
  move(intent: MoveInput): Promise<MoveResult>
  save(input: SaveInput): Promise<SaveResult>
  /** The opportunity as the server has it, when the user discards an entry (null if unreadable). */
  card(id: number): Promise<BoardCard | null>
}

export interface OutboxOptions {
  files: OutboxFiles
  run: OutboxRunners
  emit(state: OutboxState): void
  settled(event: OutboxSettled): void
  log?: (line: string) => void
  now?: () => number
  /** Schedules the next try; tests pass their own clock. */
  setTimer?: (fn: () => void, ms: number) => { cancel(): void }
  /** Waits between tries while the server cannot be reached, by attempt (the last one repeats). */
  backoffMs?: readonly number[]
  /** Tries of a server error (5xx) before the entry stops as failed: a 5xx may never pass. */
  maxServerErrors?: number
}

export interface Outbox {
  /** Whose outbox is in use (after a sign-in), or nobody's (signed out): sending stops, nothing is lost. */
  use(account: CacheAccount | null): Promise<void>
  /** Resolves once the account's saved outbox has been read. */
  ready(): Promise<void>
  move(intent: MoveInput): Promise<MoveAnswer>
  save(input: SaveInput): Promise<SaveResult>
  state(): OutboxState
  retry(id: string): OutboxState
  discard(id: string): Promise<OutboxState>
  /** Resolves when nothing is waiting or sending, or the next try is planned for later. */
  idle(): Promise<void>
  /** Stops sending; resolves once the list on disk is final. */
  close(): Promise<void>
}

export const DEFAULT_BACKOFF_MS = [2_000, 5_000, 10_000, 30_000, 60_000] as const

const isTransient = (error: unknown): error is AppError =>
  error instanceof AppError && error.transient && !error.landed

const blocksCard = (entry: StoredEntry): boolean => entry.state === 'failed' || entry.state === 'review'

export function createOutbox(options: OutboxOptions): Outbox {
  const log = options.log ?? (() => {})
  const now = options.now ?? Date.now
  const setTimer =
    options.setTimer ??
    ((fn, ms) => {
      const timer = setTimeout(fn, ms)
      timer.unref?.()
      return { cancel: () => clearTimeout(timer) }
    })
  const backoff = options.backoffMs ?? DEFAULT_BACKOFF_MS
  const maxServerErrors = options.maxServerErrors ?? 6

  let account: CacheAccount | null = null
  let entries: StoredEntry[] = []
  let sent = 0
  let version = 0
  let lastWrite: Promise<void> = Promise.resolve()
  let draining: Promise<void> | null = null
  let timer: { cancel(): void } | null = null
  let nextAttemptAt: number | null = null
  let paused = false
  let closed = false
  let idle: (() => void)[] = []

  const view = (entry: StoredEntry): OutboxEntryView => ({
    id: entry.id,
    kind: entry.kind,
    opportunityId: entry.kind === 'move' ? entry.input.opportunityId : entry.input.id,
    toColumnId: entry.kind === 'move' ? (entry.input.to?.columnId ?? null) : null,
    outcome: entry.kind === 'move' ? (entry.input.outcome?.status ?? null) : null,
    fields: entry.kind === 'save' ? Object.keys(entry.input.changes) : [],
    state: entry.state,
    message: entry.message,
    attempts: entry.attempts,
    createdAt: entry.createdAt,
    ...(entry.fresh ? { fresh: entry.fresh } : {})
  })
  const cardOf = (entry: StoredEntry): number =>
    entry.kind === 'move' ? entry.input.opportunityId : entry.input.id

  function state(): OutboxState {
    return {
      entries: entries.map(view),
      nextAttemptAt: nextAttemptAt === null ? null : new Date(nextAttemptAt).toISOString(),
      sent,
      version
    }
  }

  /** Saves and tells the renderer; every change of the list goes through here. */
  function changed(): Promise<void> {
    if (entries.length === 0) sent = 0
    version++
    options.emit(state())
    lastWrite = account ? options.files.write(account, entries) : lastWrite
    return lastWrite
  }

  function schedule(ms: number): void {
    timer?.cancel()
    nextAttemptAt = now() + ms
    timer = setTimer(() => {
      timer = null
      nextAttemptAt = null
      kick()
    }, ms)
  }

  function kick(): void {
    if (draining || closed || paused || !account) return
    draining = drain().finally(() => {
      draining = null
      if (!entries.some((e) => e.state === 'waiting' || e.state === 'sending') || nextAttemptAt !== null) {
        for (const resolve of idle.splice(0)) resolve()
      }
    })
  }

  /** The first entry that may go now: waiting, and no earlier entry of its card holds it back. */
  function next(): StoredEntry | null {
    const held = new Set<number>()
    for (const entry of entries) {
      const card = cardOf(entry)
      if (entry.state === 'waiting' && !held.has(card)) return entry
      held.add(card)
    }
    return null
  }

  async function drain(): Promise<void> {
    for (;;) {
      const entry = next()
      if (!entry || closed || paused) return
      entry.state = 'sending'
      await changed()
      try {
        const landed = await send(entry)
        remove(entry)
        sent++
        afterLanding(entry, landed)
        // Told before the list is on disk: whoever sees the entry gone can already see its result.
        const saving = changed()
        options.settled(
          landed.kind === 'move'
            ? { kind: 'move', entryId: entry.id, opportunityId: cardOf(entry), result: landed.result }
            : { kind: 'save', entryId: entry.id, opportunityId: cardOf(entry), result: landed.result }
        )
        await saving
      } catch (error) {
        if (error instanceof AppError && error.landed && !error.transient) {
          // Its write landed; only reading back failed. Not "failed": it ends, with the server's card.
          remove(entry)
          handOn(entry, null)
          const saving = changed()
          const fresh = await options.run.card(cardOf(entry)).catch(() => null)
          options.settled({ kind: 'discarded', entryId: entry.id, opportunityId: cardOf(entry), fresh })
          await saving
          continue
        }
        if (isRefusal(entry, error)) {
          remove(entry)
          handOn(entry, error.detail.fresh ?? null)
          const saving = changed()
          options.settled({
            kind: 'refused',
            entryId: entry.id,
            opportunityId: cardOf(entry),
            message: error.message,
            fresh: error.detail.fresh ?? null
          })
          await saving
          continue
        }
        if (stopFor(entry, error)) {
          await changed()
          return
        }
        await changed()
      }
    }
  }

  type Landed = { kind: 'move'; result: MoveResult } | { kind: 'save'; result: SavedResult }

  async function send(entry: StoredEntry): Promise<Landed> {
    const mayHaveLanded = entry.attempts > 0
    entry.attempts++
    if (entry.kind === 'move') {
      try {
        return { kind: 'move', result: await options.run.move(entry.input) }
      } catch (error) {
        const fresh = error instanceof AppError && error.kind === 'Conflict' ? error.detail.fresh : undefined
        if (!mayHaveLanded || !fresh || !holdsMove(fresh, entry.input)) throw error
        // The server holds what was asked: an earlier try landed with its answer lost.
        log(`outbox: ${entry.id} had already landed`)
        const expected = { columnId: fresh.CrmBoardColumnId, updatedOn: fresh.UpdatedOn ?? null }
        return { kind: 'move', result: await options.run.move({ ...entry.input, expected }) }
      }
    }
    const result = await options.run.save(entry.input)
    if (result.status === 'saved') return { kind: 'save', result }
    if (result.status === 'conflict') {
      if (mayHaveLanded && holdsSave(result.fresh as Record<string, unknown>, entry.input)) {
        log(`outbox: ${entry.id} had already landed`)
        const again = await options.run.save({ ...entry.input, overwrite: true })
        if (again.status === 'saved') return { kind: 'save', result: again }
      }
      throw new AppError('Conflict', 'Someone else changed this opportunity meanwhile.', {
        fresh: toCard(result.fresh)
      })
    }
    // A save run by the outbox is never queued again by it; treat as still unreachable.
    throw new AppError('Network', 'Nexudus could not be reached.')
  }

  /** Later entries of the card were made against the board as this one leaves it. */
  function afterLanding(entry: StoredEntry, landed: Landed): void {
    handOn(entry, landed.kind === 'move' ? landed.result.opportunity : landed.result.card)
  }

  /**
   * The next entry of the card that was waiting on `entry` now expects `card` (the server's record
   * after it; null: unknown, it keeps the expectation it was made with).
   */
  function handOn(entry: StoredEntry, card: BoardCard | null): void {
    for (const later of entries) {
      if (cardOf(later) !== cardOf(entry) || !later.chained) continue
      later.chained = false
      if (!card) break
      if (later.kind === 'move') {
        later.input = {
          ...later.input,
          expected: { columnId: card.CrmBoardColumnId, updatedOn: card.UpdatedOn ?? null }
        }
      } else {
        later.input = { ...later.input, expectedUpdatedOn: card.UpdatedOn ?? null }
      }
      // Only the next one: it in turn hands on to the one after it.
      break
    }
  }

  /** Records why an entry did not land; true when sending should stop for now. */
  function stopFor(entry: StoredEntry, error: unknown): boolean {
    if (error instanceof AppError && error.kind === 'Unauthorized') {
      // Signed out or expired: it goes again after the next sign-in.
      entry.state = 'waiting'
      entry.message = 'Waiting for you to sign in again.'
      paused = true
      return true
    }
    if (isTransient(error)) {
      const serverError = error.kind === 'Server'
      if (serverError && entry.attempts >= maxServerErrors) {
        entry.state = 'failed'
        entry.message = `Nexudus kept failing: ${error.message}`
        return false
      }
      entry.state = 'waiting'
      entry.message = waitingText(error)
      const wait = backoff[Math.min(entry.attempts - 1, backoff.length - 1)] ?? 60_000
      const retryAfter = (error.detail.retryAfterSeconds ?? 0) * 1000
      schedule(Math.max(wait, retryAfter))
      log(`outbox: ${entry.id} waits (${error.kind}); next try in ${Math.max(wait, retryAfter)} ms`)
      return true
    }
    if (error instanceof AppError && error.kind === 'Conflict') {
      entry.state = 'review'
      entry.message = 'Someone else changed this opportunity meanwhile.'
      const fresh = error.detail.fresh
      if (fresh) entry.fresh = fresh
      return false
    }
    entry.state = 'failed'
    entry.message =
      error instanceof AppError ? error.message : 'Something went wrong in the app while sending this.'
    if (!(error instanceof AppError)) log(`outbox: ${entry.id} failed: ${String(error)}`)
    return false
  }

  function remove(entry: StoredEntry): void {
    entries = entries.filter((e) => e !== entry)
  }

  function add(entry: StoredEntry): Promise<void> {
    entries.push(entry)
    return changed()
  }

  function newEntry<K extends StoredEntry['kind']>(
    kind: K,
    input: Extract<StoredEntry, { kind: K }>['input'],
    card: number,
    attempts: number,
    message: string | null
  ): StoredEntry {
    const chained = entries.some((e) => cardOf(e) === card)
    return {
      id: randomUUID(),
      kind,
      input,
      state: 'waiting',
      message,
      attempts,
      createdAt: new Date(now()).toISOString(),
      chained
    } as StoredEntry
  }

  /** Tries a write at once when nothing waits, else queues it; a transient failure queues it too. */
  async function submit<T>(
    card: number,
    make: (attempts: number, message: string | null) => StoredEntry,
    direct: () => Promise<T>
  ): Promise<T | { queued: OutboxEntryView }> {
    await loading
    if (!account) return direct()
    // Anything waiting goes first; an entry that needs the user holds back its own card's writes.
    const behind = entries.some(
      (e) => e.state === 'waiting' || e.state === 'sending' || (blocksCard(e) && cardOf(e) === card)
    )
    if (behind) {
      const entry = make(0, 'Waiting for the changes before it.')
      await add(entry)
      kick()
      return { queued: view(entry) }
    }
    try {
      // The user is watching this one: one quick retry, then the outbox (nexudus/retry-budget.ts).
      return await withRetryLimits(INTERACTIVE_RETRY, direct)
    } catch (error) {
      if (!isTransient(error)) throw error
      const entry = make(1, waitingText(error))
      await add(entry)
      const wait = backoff[0] ?? 2_000
      schedule(Math.max(wait, (error.detail.retryAfterSeconds ?? 0) * 1000))
      log(`outbox: kept ${entry.kind} of ${cardOf(entry)} (${error.kind})`)
      return { queued: view(entry) }
    }
  }

  let loading: Promise<void> = Promise.resolve()

  async function load(next: CacheAccount | null): Promise<void> {
    timer?.cancel()
    timer = null
    nextAttemptAt = null
    if (draining) await draining
    account = next
    paused = false
    sent = 0
    entries = next ? await options.files.read(next) : []
    // Sent when the app stopped: it may have landed (send() checks before writing again).
    for (const entry of entries) if (entry.state === 'sending') entry.state = 'waiting'
    version++
    options.emit(state())
    kick()
  }

  return {
    use(next) {
      // Writes and reads of the list wait for it: a new move must not overtake the ones on disk.
      loading = loading.then(() => load(next))
      return loading
    },

    ready: () => loading,

    move(intent) {
      return submit(
        intent.opportunityId,
        (attempts, message) => newEntry('move', intent, intent.opportunityId, attempts, message),
        () => options.run.move(intent)
      )
    },

    async save(input) {
      const answer = await submit(
        input.id,
        (attempts, message) => newEntry('save', input, input.id, attempts, message),
        () => options.run.save(input)
      )
      return 'queued' in answer ? { status: 'queued', entry: answer.queued } : answer
    },

    state,

    retry(id) {
      const entry = entries.find((e) => e.id === id)
      if (!entry) throw new AppError('NotFound', 'That change is no longer waiting.')
      if (entry.state === 'review' && entry.fresh) {
        // The user has seen the colleague's change and sends theirs over it.
        if (entry.kind === 'move') {
          entry.input = {
            ...entry.input,
            expected: { columnId: entry.fresh.CrmBoardColumnId, updatedOn: entry.fresh.UpdatedOn ?? null }
          }
        } else entry.input = { ...entry.input, overwrite: true }
      }
      entry.state = 'waiting'
      entry.message = null
      delete entry.fresh
      entry.attempts = Math.min(entry.attempts, 1)
      paused = false
      timer?.cancel()
      timer = null
      nextAttemptAt = null
      void changed()
      kick()
      return state()
    },

    async discard(id) {
      const entry = entries.find((e) => e.id === id)
      if (!entry) throw new AppError('NotFound', 'That change is no longer waiting.')
      if (entry.state === 'sending') throw new AppError('Validation', 'It is being sent right now.')
      remove(entry)
      // Its card's later entries were made against it: they go back to the server's expectation.
      for (const later of entries) if (cardOf(later) === cardOf(entry)) later.chained = false
      await changed()
      const fresh = await options.run.card(cardOf(entry)).catch(() => null)
      options.settled({ kind: 'discarded', entryId: entry.id, opportunityId: cardOf(entry), fresh })
      kick()
      return state()
    },

    idle() {
      if (!draining && !entries.some((e) => e.state === 'waiting' || e.state === 'sending'))
        return Promise.resolve()
      return new Promise((resolve) => idle.push(resolve))
    },

    async close() {
      closed = true
      timer?.cancel()
      for (const resolve of idle.splice(0)) resolve()
      idle = []
      // What is being sent ends (its requests are cancelled with the client); its file is written.
      await draining?.catch(() => undefined)
      await lastWrite
    }
  }
}

/**
 * A move the server refused outright (its card gone, or its write refused: board/move.ts then
 * attaches the card as read): sending it again would be refused again.
 */
function isRefusal(entry: StoredEntry, error: unknown): error is AppError {
  if (entry.kind !== 'move' || !(error instanceof AppError) || error.transient || error.landed) return false
  return (
    error.kind === 'NotFound' ||
    error.kind === 'Validation' ||
    (error.kind === 'Server' && !!error.detail.fresh)
  )
}

function waitingText(error: AppError): string {
  if (error.kind === 'RateLimited') return 'Nexudus asked the app to slow down; it will send this shortly.'
  if (error.kind === 'Network') return 'Nexudus cannot be reached; this will be sent when it can.'
  return 'Nexudus had a problem; the app will try again shortly.'
}

/** Whether the server's card already is where a move asked it to be. */
export function holdsMove(fresh: BoardCard, intent: MoveIntent): boolean {
  if (intent.to && fresh.CrmBoardColumnId !== intent.to.columnId) return false
  const status = intent.outcome?.status
  if (status === 'won' && fresh.Status !== 2) return false
  if (status === 'lost' && (fresh.Status !== 3 || fresh.LossReason !== intent.outcome?.lossReason))
    return false
  if (status === 'open' && fresh.Status !== 1) return false
  return true
}

/** Whether the server's record already holds every field an edit changes (dates by their day). */
export function holdsSave(fresh: Record<string, unknown>, input: SaveInput): boolean {
  return Object.entries(input.changes).every(([field, value]) => {
    const held = fresh[field] ?? null
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value))
      return typeof held === 'string' && held.slice(0, 10) === value
    return held === (value ?? null)
  })
}
