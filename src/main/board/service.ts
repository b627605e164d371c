/**
 * The board service behind board.load, opportunity.move and the details drawer's writes. Writes
 * are serialised per card and per stage: a second write of the same card must see the first one's
 * (or it would overwrite it from a stale read, a move and a save alike), and two cards placed in
 * one stage (a drop, a new card) must not both pick the same gap. What board.load reads also fills
 * the stage cache and the position index, so that a move needs no reads of its destination before
 * the write.
 */
import type { BoardSnapshot, MoveResult } from '../../shared/bridge'
import type { BoardCard } from '../../shared/card'
import type { CreateResult, OpportunityRead, SaveResult } from '../../shared/details'
import type { NexudusClient } from '../nexudus/client'
import type { SettingsStore } from '../settings'
import type { BoardCache, CacheAccount } from './cache'
import { loadBoard } from './load'
import { moveOpportunity, type MoveIntentInput } from './move'
import { KeyedMutex } from './mutex'
import { PositionIndex } from './position-index'
import { StageCache } from './stage-cache'
import { listChanges, type Changes } from './changes'
import { listBoardNotes, listStageEntries, type StageEntry } from './insights'
import { createStageTimes } from './stage-times'
import { createOpportunity, type CreateInput } from '../opportunity/create'
import { readOpportunity } from '../opportunity/read'
import { deleteOpportunity } from '../opportunity/remove'
import { saveOpportunity, type SaveInput } from '../opportunity/save'

export interface BoardServiceOptions {
  client: NexudusClient
  settings: SettingsStore
  stages?: StageCache
  index?: PositionIndex
  now?: () => Date
  log?: (line: string) => void
  /** Told as pages of opportunities arrive (the board.progress event). */
  onProgress?: (progress: { boardId: number; loaded: number; total: number | null }) => void
  /** Where loaded snapshots are kept for the next start, and for which account. */
  cache?: { store: BoardCache; account: () => CacheAccount | null }
}

export interface BoardService {
  load(boardId: number): Promise<BoardSnapshot>
  /** The snapshot saved after the last load of this board by this account, or null. */
  cached(boardId: number): Promise<BoardSnapshot | null>
  move(intent: MoveIntentInput): Promise<MoveResult>
  /** The board's cards changed since a moment (an UpdatedOn the server gave), for the live refresh. */
  changes(boardId: number, since: string): Promise<Changes>
  notes(boardId: number): Promise<[number, string][]>
  stageTimes(boardId: number): Promise<StageEntry[]>
  /** One opportunity in full with its stage history; not locked, it writes nothing. */
  details(id: number): Promise<OpportunityRead>
  save(input: SaveInput): Promise<SaveResult>
  /** A new card at the top of a stage. */
  create(input: CreateInput): Promise<CreateResult>
  delete(id: number): Promise<{ id: number }>
  /** Drops cached stages and positions, e.g. when the signed-in account or server changes. */
  forget(): void
}

export function createBoardService(options: BoardServiceOptions): BoardService {
  const stages = options.stages ?? new StageCache()
  const index = options.index ?? new PositionIndex()
  const now = options.now ?? (() => new Date())
  const log = options.log ?? (() => {})
  const locks = new KeyedMutex()
  const deps = () => ({ client: options.client, stages, index, now, log })
  const stageTimes = createStageTimes(
    (boardId) => listStageEntries(options.client, boardId, stages.columnIds(boardId)),
    () => now().getTime()
  )
  /** A card this app put in a stage: its entry is known without reading the history again. */
  function entered(card: BoardCard, from: number | null): void {
    const boardId = stages.get(card.CrmBoardColumnId)?.CrmBoardId
    if (boardId === undefined || card.CrmBoardColumnId === from) return
    stageTimes.entered(boardId, card.Id, card.CrmBoardColumnId, card.UpdatedOn ?? now().toISOString())
  }

  return {
    async load(boardId) {
      const ticket = index.ticket()
      options.onProgress?.({ boardId, loaded: 0, total: null })
      const { snapshot, cards } = await loadBoard(options.client, boardId, now(), ({ loaded, total }) =>
        options.onProgress?.({ boardId, loaded, total })
      )
      const account = options.cache?.account()
      // Not awaited: the user should not wait for a disk write to see the board.
      if (options.cache && account) void options.cache.store.write(account, snapshot)
      stages.remember(boardId, snapshot.columns)
      index.rememberBoard(
        snapshot.columns.map((column) => column.Id),
        cards,
        ticket
      )
      if (options.settings.get().lastBoardId !== boardId)
        await options.settings.update({ lastBoardId: boardId })
      return snapshot
    },

    async cached(boardId) {
      const account = options.cache?.account()
      return options.cache && account ? options.cache.store.read(account, boardId) : null
    },

    move(intent) {
      const keys = [
        `card:${intent.opportunityId}`,
        `stage:${intent.expected.columnId}`,
        ...(intent.to ? [`stage:${intent.to.columnId}`] : [])
      ]
      return locks.run(keys, async () => {
        const result = await moveOpportunity(deps(), intent)
        entered(result.opportunity, intent.expected.columnId)
        return result
      })
    },

    changes(boardId, since) {
      return listChanges(options.client, index, boardId, since, stages.columnIds(boardId))
    },

    notes(boardId) {
      return listBoardNotes(options.client, boardId, stages.columnIds(boardId))
    },

    stageTimes(boardId) {
      return stageTimes.get(boardId)
    },

    details(id) {
      return readOpportunity(deps(), id)
    },

    save(input) {
      return locks.run([`card:${input.id}`], () => saveOpportunity(deps(), input))
    },

    create(input) {
      return locks.run([`stage:${input.columnId}`], async () => {
        const result = await createOpportunity(deps(), input)
        entered(result.opportunity, null)
        return result
      })
    },

    delete(id) {
      return locks.run([`card:${id}`], () => deleteOpportunity(deps(), id))
    },

    forget() {
      stages.clear()
      index.clear()
      stageTimes.clear()
    }
  }
}
