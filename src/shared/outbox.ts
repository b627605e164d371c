/**
 * The outbox as the renderer sees it (src/main/outbox): the moves and edits that could not reach
 * Nexudus yet, each waiting, being sent, failed (the server refused it: the user decides) or up for
 * review (someone changed the opportunity meanwhile). What each entry would change is described
 * in data (stage, outcome, fields), so the renderer words it with the names it shows.
 */
import { z } from 'zod'
import { BoardCard } from './card'
import { NxId } from './nexudus'

export const OutboxEntryState = z.enum(['waiting', 'sending', 'failed', 'review'])
export type OutboxEntryState = z.infer<typeof OutboxEntryState>

export const OutboxEntryView = z.object({
  id: z.string(),
  kind: z.enum(['move', 'save']),
  opportunityId: NxId,
  /** A move: the stage it goes to (null: it stays, e.g. marked won where it stands). */
  toColumnId: NxId.nullable(),
  /** A move's explicit outcome, if any. */
  outcome: z.enum(['open', 'won', 'lost']).nullable(),
  /** An edit: the fields it changes (API names). */
  fields: z.array(z.string()),
  state: OutboxEntryState,
  /** Why it waits, or what the server said: a sentence for the user; null while all is well. */
  message: z.string().nullable(),
  attempts: z.number().int(),
  createdAt: z.string(),
  /** review: the opportunity as the server has it now. */
  fresh: BoardCard.optional()
})
export type OutboxEntryView = z.infer<typeof OutboxEntryView>

export const OutboxState = z.object({
  entries: z.array(OutboxEntryView),
  /** When the next try goes out while the server cannot be reached; null when none is planned. */
  nextAttemptAt: z.string().nullable(),
  /** Entries sent since the outbox last was empty, for "3 of 12 saved". */
  sent: z.number().int(),
  /**
   * Grows with every change. An answer (retry, discard) and an event travel separately and may
   * arrive out of order; the renderer keeps the newest.
   */
  version: z.number().int()
})
export type OutboxState = z.infer<typeof OutboxState>

/** What a write answers instead of its result when it was kept in the outbox. */
export const Queued = z.object({ queued: OutboxEntryView })
export type Queued = z.infer<typeof Queued>
