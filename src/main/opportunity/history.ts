/** An opportunity's stage history as the drawer shows it: its own rows only, oldest first. */
import { StageVisit } from '../../shared/details'
import type { CrmOpportunityHistory } from '../../shared/nexudus'
import { parseInstant } from '../board/stale'

/** A row without a readable ToTime cannot be placed in time, so it goes after those that can. */
function when(row: CrmOpportunityHistory): number {
  const instant = row.ToTime ? parseInstant(row.ToTime) : null
  return instant ? instant.ms : Number.POSITIVE_INFINITY
}

export function stageVisits(rows: readonly CrmOpportunityHistory[], opportunityId: number): StageVisit[] {
  return rows
    .filter((row) => row.CrmOpportunityId === opportunityId)
    .map((row) => ({ row, at: when(row) }))
    .sort((a, b) => (a.at === b.at ? a.row.Id - b.row.Id : a.at < b.at ? -1 : 1))
    .map(({ row }) => StageVisit.parse(row))
}
