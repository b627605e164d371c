/**
 * What the sandbox holds, read the way any Nexudus client would (Basic auth on the public API),
 * plus its control endpoints. Tests assert on this, not on what the app says it did.
 */
import { DEMO_USERS } from '../../src/sandbox'
import { byPosition } from '../../src/shared/order'

export type NxRecord = Record<string, unknown> & { Id: number; Position: number; CrmBoardColumnId: number }

export class SandboxApi {
  constructor(readonly url: string) {}

  private auth =
    'Basic ' + Buffer.from(`${DEMO_USERS.admin.email}:${DEMO_USERS.admin.password}`).toString('base64')

  async get<T>(path: string): Promise<T> {
    const res = await fetch(`${this.url}${path}`, {
      headers: { Authorization: this.auth, Accept: 'application/json' }
    })
    if (!res.ok) throw new Error(`GET ${path}: ${res.status}`)
    return (await res.json()) as T
  }

  async list<T>(path: string, query: Record<string, string | number>): Promise<T[]> {
    const q = new URLSearchParams({
      size: '1000',
      ...Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)]))
    })
    return (await this.get<{ Records: T[] }>(`${path}?${q}`)).Records
  }

  /** POSTs a record as the admin; answers its Id. */
  async create(path: string, body: Record<string, unknown>): Promise<number> {
    const res = await fetch(`${this.url}${path}`, {
      method: 'POST',
      headers: { Authorization: this.auth, Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify(body)
    })
    const answer = (await res.json()) as { WasSuccessful?: boolean; Value?: { Id?: number } }
    if (!res.ok || !answer.WasSuccessful || !answer.Value?.Id) throw new Error(`POST ${path}: ${res.status}`)
    return answer.Value.Id
  }

  async remove(path: string, id: number): Promise<void> {
    const res = await fetch(`${this.url}${path}/${id}`, {
      method: 'DELETE',
      headers: { Authorization: this.auth, Accept: 'application/json' }
    })
    if (!res.ok) throw new Error(`DELETE ${path}/${id}: ${res.status}`)
  }

  async boardId(name: string): Promise<number> {
    const boards = await this.list<{ Id: number; Name: string }>('/api/crm/crmboards', {})
    const board = boards.find((b) => b.Name === name)
    if (!board) throw new Error(`no board ${name}`)
    return board.Id
  }

  async columnId(boardName: string, stageName: string): Promise<number> {
    const columns = await this.list<{ Id: number; Name: string }>('/api/crm/crmboardcolumns', {
      CrmBoardColumn_CrmBoard: await this.boardId(boardName)
    })
    const column = columns.find((c) => c.Name === stageName)
    if (!column) throw new Error(`no stage ${stageName}`)
    return column.Id
  }

  /** Open cards of a stage in the order Nexudus defines: (Position, Id). */
  async openOrder(columnId: number): Promise<number[]> {
    const records = await this.list<NxRecord>('/api/crm/crmopportunities', {
      CrmOpportunity_CrmBoardColumn: columnId,
      CrmOpportunity_Status: 1
    })
    return records.sort(byPosition).map((r) => r.Id)
  }

  /** The stored record, without auth and without a request-log entry. */
  async record(id: number): Promise<NxRecord> {
    const res = await fetch(`${this.url}/__sandbox/crm/crmopportunities/${id}`)
    return (await res.json()) as NxRecord
  }

  async patch(id: number, fields: Record<string, unknown>): Promise<void> {
    const res = await fetch(`${this.url}/__sandbox/crm/crmopportunities/${id}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(fields)
    })
    if (!res.ok) throw new Error(`patch ${id}: ${res.status} ${await res.text()}`)
  }

  async switches(patch: Record<string, unknown>): Promise<void> {
    const res = await fetch(`${this.url}/__sandbox/switches`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(patch)
    })
    if (!res.ok) throw new Error(`switches: ${res.status} ${await res.text()}`)
  }

  async requests(): Promise<Array<{ method: string; path: string; status: number }>> {
    return (await fetch(`${this.url}/__sandbox/requests`).then((r) => r.json())) as Array<{
      method: string
      path: string
      status: number
    }>
  }

  async clearRequests(): Promise<void> {
    await fetch(`${this.url}/__sandbox/requests`, { method: 'DELETE' })
  }
}

/** Fields a move may change; everything else in the record must come through untouched. */
export const MOVE_FIELDS = [
  'CrmBoardColumnId',
  'CrmBoardColumnName',
  'Position',
  'UpdatedOn',
  'UpdatedBy',
  'CrmUpdatedOn'
] as const

export function without(record: NxRecord, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => !fields.includes(k)))
}
