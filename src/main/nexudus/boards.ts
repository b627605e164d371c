/**
 * The CRM reads and writes the board needs, by their Nexudus paths and filters (API doc §3.2, §10).
 * Results are also filtered locally: Nexudus silently ignores a filter name it does not know
 * (§3.2), and then a list would hold every column or card of the account.
 */
import type { z } from 'zod'
import { BoardCard } from '../../shared/card'
import { CrmBoard, CrmBoardColumn, CrmOpportunity } from '../../shared/nexudus'
import type { NexudusClient, WriteResult } from './client'

const BOARDS = '/api/crm/crmboards'
const COLUMNS = '/api/crm/crmboardcolumns'
const OPPORTUNITIES = '/api/crm/crmopportunities'

/** The documented maximum (§3.2, O16): 5,000 cards are five pages. */
const PAGE_SIZE = 1000
/**
 * Pages in flight at once. The transport already spaces requests 100 ms apart (the newer limit,
 * §8); a few pages in flight only overlap their latency, well inside the older 10 GETs per 100 ms.
 */
const PAGE_CONCURRENCY = 4

/** Every board the user may open: all pages, archived ones left out, by name. */
export async function listActiveBoards(client: NexudusClient): Promise<CrmBoard[]> {
  const boards = await client.listAll(BOARDS, CrmBoard)
  return boards.filter((board) => !board.Archived).sort((a, b) => a.Name.localeCompare(b.Name) || a.Id - b.Id)
}

export function getBoard(client: NexudusClient, boardId: number): Promise<CrmBoard> {
  return client.get(BOARDS, boardId, CrmBoard)
}

export function getColumn(client: NexudusClient, columnId: number): Promise<CrmBoardColumn> {
  return client.get(COLUMNS, columnId, CrmBoardColumn)
}

/** The stages of a board, unsorted. */
export async function listBoardColumns(client: NexudusClient, boardId: number): Promise<CrmBoardColumn[]> {
  const columns = await client.listAll(
    COLUMNS,
    CrmBoardColumn,
    { CrmBoardColumn_CrmBoard: boardId },
    { size: PAGE_SIZE, concurrency: PAGE_CONCURRENCY }
  )
  return columns.filter((column) => column.CrmBoardId === boardId)
}

/** A card as listed, with the business's currency, which board.load needs once, not per card. */
const ListedCard = BoardCard.extend({
  CrmBoardColumnCrmBoardBusinessCurrencyCode: CrmOpportunity.shape.CrmBoardColumnCrmBoardBusinessCurrencyCode
})
export type ListedCard = z.infer<typeof ListedCard>

/**
 * Every opportunity of a board, whatever its status, as cards: read whole, parsed only as far as
 * the board needs (shared/card.ts), which is most of what makes 5,000 cards load fast. The caller
 * keeps only those in the board's stages: they are read at the same time, so not known here yet.
 */
export function listBoardOpportunities(
  client: NexudusClient,
  boardId: number,
  onProgress?: (progress: { loaded: number; total: number }) => void
): Promise<ListedCard[]> {
  return client.listAll(
    OPPORTUNITIES,
    ListedCard,
    { CrmOpportunity_CrmBoardColumn_CrmBoard_Id: boardId },
    { size: PAGE_SIZE, concurrency: PAGE_CONCURRENCY, onProgress }
  )
}

/** The cards of one stage; `openOnly` asks for Status 1 (InProgress) only. */
export async function listColumnOpportunities(
  client: NexudusClient,
  columnId: number,
  { openOnly }: { openOnly: boolean }
): Promise<CrmOpportunity[]> {
  const query = openOnly
    ? { CrmOpportunity_CrmBoardColumn: columnId, CrmOpportunity_Status: 1 }
    : { CrmOpportunity_CrmBoardColumn: columnId }
  const records = await client.listAll(OPPORTUNITIES, CrmOpportunity, query, {
    size: PAGE_SIZE,
    concurrency: PAGE_CONCURRENCY
  })
  return records.filter((r) => r.CrmBoardColumnId === columnId && (!openOnly || r.Status === 1))
}

/**
 * The cards of one stage whose Position is in [from, to] (all statuses), in one request; null when
 * the answer shows the server did not apply the range (a record outside it, or more than a page):
 * Nexudus ignores a filter it does not know without an error (§3.2), and then this is no window.
 */
export async function listColumnWindow(
  client: NexudusClient,
  columnId: number,
  from: number,
  to: number
): Promise<CrmOpportunity[] | null> {
  const page = await client.list(OPPORTUNITIES, CrmOpportunity, {
    CrmOpportunity_CrmBoardColumn: columnId,
    from_CrmOpportunity_Position: from,
    to_CrmOpportunity_Position: to,
    page: 1,
    size: PAGE_SIZE
  })
  const records = page.Records.filter((r) => r.CrmBoardColumnId === columnId)
  if (page.TotalPages > 1 || records.some((r) => r.Position < from || r.Position > to)) return null
  return records
}

export function getOpportunity(client: NexudusClient, id: number): Promise<CrmOpportunity> {
  return client.get(OPPORTUNITIES, id, CrmOpportunity)
}

/** `body` is a whole record (see board/record.ts): a PUT clears what it omits (§9.2, O1). */
export function putOpportunity(client: NexudusClient, body: object): Promise<WriteResult> {
  return client.put(OPPORTUNITIES, body)
}

/** A new opportunity; only the answer's `Value.Id` is trusted (O11), so the caller GETs it next. */
export function postOpportunity(client: NexudusClient, body: object): Promise<WriteResult> {
  return client.post(OPPORTUNITIES, body)
}

/** `gone`: the record was not there (any more), which for a delete is success (§3.4). */
export function deleteOpportunity(
  client: NexudusClient,
  id: number
): Promise<WriteResult & { gone: boolean }> {
  return client.del(OPPORTUNITIES, id)
}
