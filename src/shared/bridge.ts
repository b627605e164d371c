/**
 * The bridge: every method the renderer may call in main, with its input and output schemas, and
 * every event main may push. This file is the single source of truth for the IPC transport
 * (src/main/ipc.ts, src/preload), the loopback transport (src/web) and the renderer's types.
 * Inputs are strict: an unknown key is a Validation error, because the renderer is untrusted.
 */
import { z } from 'zod'
import { CrmBoard, CrmBoardColumn, NxDate, NxId } from './nexudus'
import { BoardCard, PackedCards } from './card'
import {
  CreateInput,
  CreateResult,
  OpportunityRead,
  OpportunityTypeOption,
  PeopleQuery,
  Person,
  SaveInput,
  SaveResult
} from './details'

export { BoardCard, PackedCards } from './card'
import { lossReasonValues } from './enums'
import { NEIGHBOURS_NAMED } from './order'
import { OutboxState, Queued } from './outbox'
import type { EventName, MethodName } from './bridge-api'

const Empty = z.strictObject({}).optional()

const Email = z
  .string()
  .trim()
  .min(1, 'Enter your email address')
  .max(320)
  .pipe(z.email('Enter a valid email address'))

/** Only http(s) servers; the token must never be sent anywhere else. */
export const ServerUrl = z
  .string()
  .trim()
  .max(2048)
  .pipe(z.url({ protocol: /^https?$/, error: 'Enter a server address starting with https://' }))

export const AuthState = z.object({
  signedIn: z.boolean(),
  email: z.string().nullable(),
  server: z.string(),
  demo: z.boolean(),
  /** Where the session lives: encrypted on disk, or only in memory (no OS keychain). */
  persistence: z.enum(['encrypted', 'memory']),
  /** A sentence for the user, e.g. why they were signed out or why nothing is remembered. */
  notice: z.string().nullable()
})
export type AuthState = z.infer<typeof AuthState>

export const SignInInput = z.strictObject({
  email: Email,
  password: z.string().min(1, 'Enter your password').max(1024),
  totp: z
    .string()
    .trim()
    .regex(/^\d{6,8}$/, 'Enter the 6-digit code from your authenticator app')
    .optional(),
  server: ServerUrl.optional()
})
export type SignInInput = z.input<typeof SignInInput>

export const BoardSnapshot = z.object({
  board: CrmBoard,
  /** Stages ordered by (Position, Id). */
  columns: z.array(CrmBoardColumn),
  /**
   * Every opportunity on the board, as cards packed in a table (shared/card.ts): open ones for the
   * columns, won and lost ones for the drawer, ordered by (Position, Id).
   */
  cards: PackedCards,
  /** ISO 4217 code of the board's business (e.g. GBP), for Intl.NumberFormat; null if unknown. */
  currency: z.string().nullable(),
  loadedAt: z.string()
})
export type BoardSnapshot = z.infer<typeof BoardSnapshot>

export const LossReason = z
  .number()
  .int()
  .refine((v) => lossReasonValues.includes(v), 'Choose a loss reason')

/** What the user asked for; how it lands is main's job (see docs/moving-a-card.md). */
export const Outcome = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('open') }),
  z.strictObject({ status: z.literal('won') }),
  z.strictObject({ status: z.literal('lost'), lossReason: LossReason })
])
export type Outcome = z.infer<typeof Outcome>

export const MoveIntent = z
  .strictObject({
    opportunityId: NxId,
    /** Where the user last saw the card; a server record that differs is a Conflict, not an overwrite. */
    expected: z.strictObject({ columnId: NxId, updatedOn: NxDate.nullable() }),
    /**
     * Where it goes among the destination's open cards, named by the cards around the drop as the
     * user saw them (shared/order.ts `placeAmong`): just below `afterId` / just above `beforeId`,
     * else the next of `above` / `below` that is in the stage (both null: a stage seen empty).
     * Absent: it keeps its stage and place (drawer Won/Lost drops).
     */
    to: z
      .strictObject({
        columnId: NxId,
        afterId: NxId.nullable(),
        beforeId: NxId.nullable(),
        above: z.array(NxId).max(NEIGHBOURS_NAMED).optional(),
        below: z.array(NxId).max(NEIGHBOURS_NAMED).optional(),
        /** Keep this Position if it sorts to that place (undo: the card's old one). */
        position: z.number().int().optional()
      })
      .optional(),
    /** Explicit Won/Lost/reopen; entering a Win/Lose stage implies it when absent (Lose needs a reason). */
    outcome: Outcome.optional()
  })
  .refine((m) => m.to !== undefined || m.outcome !== undefined, 'A move needs a destination or an outcome')
export type MoveIntent = z.input<typeof MoveIntent>

export const MoveResult = z.object({
  /** The server's record after the write, as a card. */
  opportunity: BoardCard,
  /** Re-read of every affected stage (all statuses), so the board shows the server's order. */
  columns: z.array(
    z.object({
      columnId: NxId,
      opportunities: z.array(BoardCard),
      /**
       * Set when only the stage's cards with a Position in [from, to] were read (a stage of more
       * than ~900 cards, docs/moving-a-card.md): cards outside it are as the board last saw them.
       */
      window: z.object({ from: z.number(), to: z.number() }).optional()
    })
  ),
  /** PUTs sent: 1 for the card plus any neighbours that had to be renumbered. */
  writes: z.number().int()
})
export type MoveResult = z.infer<typeof MoveResult>

/** A move answers its result, or that it waits in the outbox because Nexudus could not be reached. */
export const MoveAnswer = z.union([MoveResult, Queued])
export type MoveAnswer = z.infer<typeof MoveAnswer>

/** An outbox entry left the outbox: it landed (with the server's answer) or the user discarded it. */
export const OutboxSettled = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('move'), entryId: z.string(), opportunityId: NxId, result: MoveResult }),
  z.object({
    kind: z.literal('save'),
    entryId: z.string(),
    opportunityId: NxId,
    result: SaveResult
  }),
  /**
   * The server refused a move sent from the outbox (a business rule, a Lose stage without a
   * reason, the card gone): it ended, and the card goes back to where the server holds it.
   */
  z.object({
    kind: z.literal('refused'),
    entryId: z.string(),
    opportunityId: NxId,
    message: z.string(),
    fresh: BoardCard.nullable()
  }),
  z.object({
    kind: z.literal('discarded'),
    entryId: z.string(),
    opportunityId: NxId,
    /** The server's card when it could be read, to put the board right. */
    fresh: BoardCard.nullable()
  })
])
export type OutboxSettled = z.infer<typeof OutboxSettled>

const EntryId = z.strictObject({ id: z.string().min(1).max(100) })

interface MethodDef {
  input: z.ZodType
  output: z.ZodType
}

export const methods = {
  'auth.status': { input: Empty, output: AuthState },
  'auth.signIn': { input: SignInInput, output: AuthState },
  'auth.openDemo': { input: Empty, output: AuthState },
  'auth.signOut': { input: Empty, output: AuthState },
  'boards.list': { input: Empty, output: z.array(CrmBoard) },
  'board.load': { input: z.strictObject({ boardId: NxId }), output: BoardSnapshot },
  /** The last snapshot saved on this computer (userData), drawn at start while board.load refreshes it. */
  'board.cached': { input: z.strictObject({ boardId: NxId }), output: BoardSnapshot.nullable() },
  /**
   * The board's opportunities changed since `since` (an UpdatedOn the server gave, never this
   * computer's clock), for the live refresh; `through` is the next call's `since`, `total` how
   * many the board holds now (all statuses: fewer than the renderer has means some were deleted).
   */
  'board.changes': {
    input: z.strictObject({ boardId: NxId, since: NxDate }),
    output: z.object({
      cards: z.array(BoardCard),
      through: z.string(),
      total: z.number().int().nonnegative()
    })
  },
  /** [id, notes] of the board's cards with notes, for search (read on the first search). */
  'board.notes': {
    input: z.strictObject({ boardId: NxId }),
    output: z.array(z.tuple([NxId, z.string()]))
  },
  /** When each card entered the stage its latest history row put it in, for the stale signals. */
  'board.stageTimes': {
    input: z.strictObject({ boardId: NxId }),
    output: z.array(z.object({ id: NxId, columnId: NxId, since: NxDate }))
  },
  'opportunity.move': { input: MoveIntent, output: MoveAnswer },
  /** One opportunity in full, with its stage history (details drawer). */
  'opportunity.get': { input: z.strictObject({ id: NxId }), output: OpportunityRead },
  /** GET-before-PUT of the whole record with only `changes` changed; a newer record is a conflict. */
  'opportunity.save': { input: SaveInput, output: SaveResult },
  'opportunity.create': { input: CreateInput, output: CreateResult },
  /** Sent only once the user's few seconds to undo are over (the renderer waits). */
  'opportunity.delete': { input: z.strictObject({ id: NxId }), output: z.object({ id: NxId }) },
  /** Customers (also referrers and agents) whose name matches, for the pickers. */
  'lookup.coworkers': { input: PeopleQuery, output: z.array(Person) },
  /** Active admin users, for Responsible. */
  'lookup.users': { input: Empty, output: z.array(Person) },
  'lookup.opportunityTypes': {
    input: z.strictObject({ businessId: NxId }),
    output: z.array(OpportunityTypeOption)
  },
  /** What waits to be sent (also pushed as `outbox.changed`). */
  'outbox.list': { input: Empty, output: OutboxState },
  /** A failed or reviewed entry goes again, now (after review: over the colleague's change). */
  'outbox.retry': { input: EntryId, output: OutboxState },
  /** The entry is dropped unsent; the board is put back to what the server holds. */
  'outbox.discard': { input: EntryId, output: OutboxState }
} satisfies Record<string, MethodDef>

export const BoardProgress = z.object({
  boardId: NxId,
  /** Opportunities received so far, and how many the server said there are (null before the first page). */
  loaded: z.number().int(),
  total: z.number().int().nullable()
})
export type BoardProgress = z.infer<typeof BoardProgress>

export const events = {
  'auth.changed': AuthState,
  'board.progress': BoardProgress,
  'outbox.changed': OutboxState,
  'outbox.settled': OutboxSettled,
  /** The application menu's Edit → Undo / Redo (Electron only). */
  'app.command': z.object({ command: z.enum(['undo', 'redo']) })
} satisfies Record<string, z.ZodType>

export type { MethodName, EventName } from './bridge-api'
export { methodNames, eventNames } from './bridge-api'

// The names in bridge-api.ts and the schemas here list the same methods and events, both ways.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const sameMethods: Same<keyof typeof methods, MethodName> = true
const sameEvents: Same<keyof typeof events, EventName> = true
void sameMethods
void sameEvents

/** What the renderer sends. */
export type MethodInput<M extends MethodName> = z.input<(typeof methods)[M]['input']>
/** What a handler receives, after validation. */
export type HandlerInput<M extends MethodName> = z.output<(typeof methods)[M]['input']>
export type MethodOutput<M extends MethodName> = z.output<(typeof methods)[M]['output']>
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>

/** The main-process implementation of every method. Throw AppError for expected failures. */
export type Handlers = {
  [M in MethodName]: (input: HandlerInput<M>) => Promise<MethodOutput<M>>
}

// The zod-free half (names, channels, buildApi) is in bridge-api.ts, for the preload and the
// browser-mode client, which must not bundle zod: its schemas are built when the module loads,
// before the page can ask for anything.
export {
  buildApi,
  ipcChannel,
  IPC_EVENT_CHANNEL,
  type Invoke,
  type NexudusApi,
  type Subscribe
} from './bridge-api'
