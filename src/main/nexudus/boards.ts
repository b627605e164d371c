import { CrmBoard } from '../../shared/nexudus'
import type { NexudusClient } from './client'

/** Every board the user may open: all pages, archived ones left out, by name. */
export async function listActiveBoards(client: NexudusClient): Promise<CrmBoard[]> {
  const boards = await client.listAll('/api/crm/crmboards', CrmBoard)
  return boards.filter((board) => !board.Archived).sort((a, b) => a.Name.localeCompare(b.Name) || a.Id - b.Id)
}
