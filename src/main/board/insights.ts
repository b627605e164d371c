/**
 * What the filter bar and the stale signals need beyond the cards, read for a whole board after it
 * is drawn, not with it (it would slow the first drawing of 5,000 cards): each card's notes, for
 * search, and when each card entered the stage it is in, from the stage history (API doc §7.3).
 * Both lists are also filtered locally (§3.2: an unknown filter is ignored).
 */
import { z } from 'zod'
import { CrmOpportunityHistory, NxId } from '../../shared/nexudus'
import { parseInstant } from '../../shared/instant'
import type { NexudusClient } from '../nexudus/client'

const OPPORTUNITIES = '/api/crm/crmopportunities'
const HISTORIES = '/api/crm/crmopportunityhistories'
const PAGE = { size: 1000, concurrency: 4 } as const

const Noted = z.object({ Id: NxId, CrmBoardColumnId: NxId, Notes: z.string().nullish() })

/** [id, notes] of every card of the board that has notes. */
export async function listBoardNotes(
  client: NexudusClient,
  boardId: number,
  columns: ReadonlySet<number> | null
): Promise<[number, string][]> {
  const records = await client.listAll(
    OPPORTUNITIES,
    Noted,
    { CrmOpportunity_CrmBoardColumn_CrmBoard_Id: boardId },
    PAGE
  )
  return records
    .filter((r) => (!columns || columns.has(r.CrmBoardColumnId)) && r.Notes?.trim())
    .map((r) => [r.Id, r.Notes!])
}

export interface StageEntry {
  id: number
  /** The stage the card's latest history row put it in. */
  columnId: number
  /** When it entered that stage. */
  since: string
}

/** Each opportunity's latest stage change, by ToTime as an instant; rows without one are skipped. */
export function latestEntries(
  rows: readonly CrmOpportunityHistory[],
  columns: ReadonlySet<number> | null
): StageEntry[] {
  const latest = new Map<number, { at: number; row: CrmOpportunityHistory }>()
  for (const row of rows) {
    const at = row.ToTime ? parseInstant(row.ToTime)?.ms : undefined
    if (at === undefined || row.NewCrmBoardColumnId == null) continue
    if (columns && !columns.has(row.NewCrmBoardColumnId)) continue
    const seen = latest.get(row.CrmOpportunityId)
    if (!seen || at > seen.at || (at === seen.at && row.Id > seen.row.Id))
      latest.set(row.CrmOpportunityId, { at, row })
  }
  return [...latest.values()].map(({ row }) => ({
    id: row.CrmOpportunityId,
    columnId: row.NewCrmBoardColumnId!,
    since: row.ToTime!
  }))
}

export async function listStageEntries(
  client: NexudusClient,
  boardId: number,
  columns: ReadonlySet<number> | null
): Promise<StageEntry[]> {
  const rows = await client.listAll(
    HISTORIES,
    CrmOpportunityHistory,
    { CrmOpportunityHistory_CrmOpportunity_CrmBoardColumn_CrmBoard_Id: boardId },
    PAGE
  )
  return latestEntries(rows, columns)
}
