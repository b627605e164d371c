/**
 * The live refresh (every LIVE_REFRESH_MS and when the window comes back, BoardView): cards changed
 * on the server since the last look are merged in place. A drag or keyboard move under way is not
 * disturbed: a server snapshot or changed cards that arrive meanwhile wait for the drop
 * (`holdRefresh`). A card being moved or waiting in the outbox keeps the user's version; its own
 * write settles it.
 */
import type { BoardSnapshot } from '../../../shared/bridge'
import type { BoardCard } from '../../../shared/card'
import { parseInstant, sameInstant } from '../../../shared/instant'
import type { Result } from '../../../shared/result'
import type { BoardCore } from './core'

export interface Changes {
  cards: BoardCard[]
  through: string
  total: number
}

export interface LiveHost {
  core: BoardCore
  apply(snapshot: BoardSnapshot): void
  changes(boardId: number, since: string): Promise<Result<Changes>>
  /** Reads the whole board again, in place. */
  refresh(): void
  /** The open board, when it is the server's and ready; null otherwise. */
  live(): number | null
  generation(): number
}

/** The latest UpdatedOn among the cards, as the server wrote it. */
export function latestUpdate(cards: readonly BoardCard[]): string | null {
  let latest: string | null = null
  let at = Number.NEGATIVE_INFINITY
  for (const card of cards) {
    const ms = card.UpdatedOn ? parseInstant(card.UpdatedOn)?.ms : undefined
    if (ms !== undefined && ms > at) [at, latest] = [ms, card.UpdatedOn!]
  }
  return latest
}

export function createLive(host: LiveHost) {
  const { core } = host
  /** A drag or keyboard move is under way: a server snapshot waits in `waiting` until it ends. */
  let held = false
  let waiting: BoardSnapshot | null = null
  /** Changed cards that came during a drag: merged once it ends. */
  let waitingChanges: BoardCard[] = []
  /** The latest UpdatedOn the server has shown for this board: where the next `board.changes` starts. */
  let since: string | null = null
  let polling = false

  /** The server's snapshot arrived: drawn now, or after the drag or keyboard move under way. */
  function landServer(snapshot: BoardSnapshot): void {
    if (held) waiting = snapshot
    else host.apply(snapshot)
  }

  /** While on, a server snapshot that arrives waits; turning it off draws the one waiting. */
  function holdRefresh(on: boolean): void {
    held = on
    if (on) return
    const changed = waitingChanges
    waitingChanges = []
    if (waiting) {
      const snapshot = waiting
      waiting = null
      host.apply(snapshot)
    }
    for (const card of changed) mergeChanged(card)
  }

  /** Cards changed since the last look, merged in place; answers how many changed what is drawn. */
  async function pollChanges(): Promise<number> {
    const id = host.live()
    const from = since
    if (polling || id === null || from === null) return 0
    polling = true
    const mine = host.generation()
    try {
      const result = await host.changes(id, from)
      if (mine !== host.generation() || !result.ok) return 0
      since = result.data.through
      let merged = 0
      for (const card of result.data.cards) {
        if (held) waitingChanges.push(card)
        else if (mergeChanged(card)) merged++
      }
      // Fewer on the server than drawn here: some were deleted, or moved to another board,
      // elsewhere (UpdatedOn cannot show those). The board is read again, in place.
      if (result.data.total < core.records.size) host.refresh()
      return merged
    } finally {
      polling = false
    }
  }

  /** One card as the server has it now; false when it changes nothing drawn. */
  function mergeChanged(card: BoardCard): boolean {
    if (
      core.deleted.has(card.Id) ||
      core.inFlight(card.Id) ||
      !core.columnMap.value.has(card.CrmBoardColumnId)
    )
      return false
    const known = core.records.get(card.Id)
    if (
      known &&
      sameInstant(known.UpdatedOn, card.UpdatedOn) &&
      known.CrmBoardColumnId === card.CrmBoardColumnId &&
      known.Position === card.Position &&
      known.Status === card.Status
    )
      return false
    core.placeRecord(card)
    return true
  }

  return {
    landServer,
    holdRefresh,
    pollChanges,
    /** A snapshot was drawn: the next look starts from its latest change. */
    drawn(cards: readonly BoardCard[]) {
      since = latestUpdate(cards)
    },
    clear() {
      waiting = null
      waitingChanges = []
      since = null
    }
  }
}
