/**
 * When each card entered its stage (board.stageTimes), kept per board for a few minutes. A
 * 5,000-card board's stage history is ~13,000 rows: 14 pages and about a second of work for the
 * server and for us, on every board opened, every reload, every switch back. It only changes when
 * a card changes stage, and the moves and creates made here are written in as they land, so a
 * board opened again within STAGE_TIMES_TTL_MS is answered from memory. A colleague's move shows
 * no days until the next read: the renderer ignores an entry for another stage than the card's.
 */
import type { StageEntry } from './insights'

export const STAGE_TIMES_TTL_MS = 5 * 60_000

interface Kept {
  at: number
  /** The server's answer; a read under way is shared by every caller. */
  read: Promise<StageEntry[]>
  /** Entries made here since the read was asked for: they win over its rows. */
  since: Map<number, StageEntry>
}

export interface StageTimes {
  get(boardId: number): Promise<StageEntry[]>
  /** Card `id` is now in stage `columnId` (of board `boardId`), since `since`. */
  entered(boardId: number, id: number, columnId: number, since: string): void
  clear(): void
}

export function createStageTimes(
  read: (boardId: number) => Promise<StageEntry[]>,
  clock: () => number = Date.now
): StageTimes {
  const boards = new Map<number, Kept>()

  return {
    async get(boardId) {
      let kept = boards.get(boardId)
      if (!kept || clock() - kept.at >= STAGE_TIMES_TTL_MS) {
        const mine: Kept = { at: clock(), read: read(boardId), since: new Map() }
        boards.set(boardId, mine)
        // A failed read is not kept: the next caller asks the server again.
        mine.read.catch(() => boards.get(boardId) === mine && boards.delete(boardId))
        kept = mine
      }
      const rows = await kept.read
      if (!kept.since.size) return rows
      return [...rows.filter((e) => !kept.since.has(e.id)), ...kept.since.values()]
    },

    entered(boardId, id, columnId, since) {
      boards.get(boardId)?.since.set(id, { id, columnId, since })
    },

    clear() {
      boards.clear()
    }
  }
}
