/**
 * board.load: the board, its stages and every one of its opportunities, read in parallel (three
 * requests plus one per further 1,000 cards). Stages and cards are sorted here: the server's `dir`
 * encoding is disputed (API doc §3.2, O3) and the board must sort by Position anyway (§6.4).
 */
import type { BoardSnapshot } from '../../shared/bridge'
import { packCards, type BoardCard } from '../../shared/card'
import type { CrmBoardColumn } from '../../shared/nexudus'
import type { NexudusClient } from '../nexudus/client'
import { getBoard, listBoardColumns, listBoardOpportunities, type ListedCard } from '../nexudus/boards'
import { bySlot } from './order'

export async function loadBoard(
  client: NexudusClient,
  boardId: number,
  now: Date,
  onProgress?: (progress: { loaded: number; total: number }) => void
): Promise<LoadedBoard> {
  const [board, columns, records] = await Promise.all([
    getBoard(client, boardId),
    listBoardColumns(client, boardId),
    listBoardOpportunities(client, boardId, onProgress)
  ])
  const stageIds = new Set(columns.map((column) => column.Id))
  const listed = records.filter((record) => stageIds.has(record.CrmBoardColumnId)).sort(bySlot)
  const cards = listed.map(({ CrmBoardColumnCrmBoardBusinessCurrencyCode: _, ...card }) => card)
  return {
    cards,
    snapshot: {
      board,
      columns: [...columns].sort(bySlot),
      cards: packCards(cards),
      currency: currencyOf(columns, listed),
      loadedAt: now.toISOString()
    }
  }
}

/** What the renderer gets (cards packed), and the cards themselves for main's own indexes. */
export interface LoadedBoard {
  snapshot: BoardSnapshot
  cards: BoardCard[]
}

/** The business's currency, denormalised onto stages and cards (§5.1, §6.1); null when neither has it. */
export function currencyOf(columns: readonly CrmBoardColumn[], opportunities: readonly ListedCard[]) {
  const codes = [
    ...columns.map((column) => column.CrmBoardBusinessCurrencyCode),
    ...opportunities.map((record) => record.CrmBoardColumnCrmBoardBusinessCurrencyCode)
  ]
  return codes.map((code) => code?.trim()).find((code): code is string => Boolean(code)) ?? null
}
