/**
 * Details-drawer fixtures for unit tests: whole records made from the board's cards, a stage
 * history, people and types for the pickers, and main's details handlers in miniature (read,
 * save with the stale check, create at the top of a stage, delete), over a FakeBoardServer's
 * cards so moves and edits see each other.
 */
import type {
  CreateInput,
  CreateResult,
  OpportunityDetails,
  OpportunityRead,
  OpportunityTypeOption,
  Person,
  SaveInput,
  SaveResult,
  StageVisit
} from '../../../shared/details'
import type { BoardCard } from '../../../shared/card'
import { fail, ok, type Result } from '../../../shared/result'
import { stamp, type FakeBoardServer } from './fake-board'
import { cardOf } from '../details/form'

export const people: Person[] = [
  { Id: 701, FullName: 'Jane Doe', Email: 'jane@acme.test', CompanyName: 'Acme Ltd' },
  { Id: 702, FullName: 'John Smith', Email: 'john@smith.test', CompanyName: null }
]
export const users: Person[] = [
  { Id: 901, FullName: 'Alex Morgan', Email: 'alex@space.test' },
  { Id: 902, FullName: 'Sam Lee', Email: 'sam@space.test' }
]
export const types: OpportunityTypeOption[] = [
  { Id: 1, Name: 'Hot desk', NotesTemplate: 'Desk needs:\n- ' },
  { Id: 2, Name: 'Private office', NotesTemplate: null }
]

/** The whole record behind a card. */
export function detailsOf(card: BoardCard, extra: Partial<OpportunityDetails> = {}): OpportunityDetails {
  return {
    ...card,
    CoworkerId: 500 + card.Id,
    OpportunityTypeId: 1,
    OpportunityTypeName: 'Hot desk',
    ResponsibleId: 901,
    Notes: null,
    CreatedOn: '2025-12-01T09:00:00Z',
    UpdatedBy: 'Alex Morgan',
    CrmBoardColumnName: null,
    ...extra
  }
}

export function historyOf(id: number): StageVisit[] {
  return [
    {
      Id: id * 10 + 1,
      OldCrmBoardColumnId: null,
      NewCrmBoardColumnId: 1,
      NewCrmBoardColumnName: 'Enquiry',
      ToTime: '2025-12-01T09:00:00Z',
      UserFullName: null
    },
    {
      Id: id * 10 + 2,
      OldCrmBoardColumnId: 1,
      OldCrmBoardColumnName: 'Enquiry',
      NewCrmBoardColumnId: 2,
      NewCrmBoardColumnName: 'Tour booked',
      FromTime: '2025-12-01T09:00:00Z',
      ToTime: '2025-12-04T10:00:00Z',
      UserFullName: 'Sam Lee'
    }
  ]
}

const asDate = (value: unknown) =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value

/** Main's details handlers in miniature. */
export class FakeDetailsServer {
  readonly records = new Map<number, OpportunityDetails>()
  readonly saves: SaveInput[] = []
  readonly deletes: number[] = []
  private nextId = 1000

  constructor(readonly board: FakeBoardServer) {
    for (const card of board.records.values()) this.records.set(card.Id, detailsOf(card))
  }

  /** The record as main would read it now: the board's card (moves) over the details. */
  private current(id: number): OpportunityDetails | undefined {
    const record = this.records.get(id)
    const card = this.board.records.get(id)
    return record && card ? { ...record, ...card } : record
  }

  /** Someone else saves it (bumps UpdatedOn). */
  touch(id: number, fields: Partial<OpportunityDetails>): void {
    const next = { ...this.current(id)!, ...fields, UpdatedOn: stamp() }
    this.records.set(id, next)
    this.board.records.set(id, cardOf(next))
  }

  get = async ({ id }: { id: number }): Promise<Result<OpportunityRead>> => {
    const record = this.current(id)
    if (!record) return fail({ kind: 'NotFound', message: 'This opportunity no longer exists.' })
    return ok({ record, history: historyOf(id) })
  }

  save = async (input: SaveInput): Promise<Result<SaveResult>> => {
    this.saves.push(input)
    const record = this.current(input.id)
    if (!record) return fail({ kind: 'NotFound', message: 'This opportunity no longer exists.' })
    if (!input.overwrite && (record.UpdatedOn ?? null) !== input.expectedUpdatedOn) {
      return ok({ status: 'conflict', fresh: record })
    }
    const changes = Object.fromEntries(Object.entries(input.changes).map(([k, v]) => [k, asDate(v)]))
    const next: OpportunityDetails = { ...record, ...changes, UpdatedOn: stamp(), UpdatedBy: 'You' }
    if ('CoworkerId' in changes) {
      next.CoworkerFullName = people.find((p) => p.Id === changes.CoworkerId)?.FullName ?? null
    }
    this.records.set(next.Id, next)
    this.board.records.set(next.Id, cardOf(next))
    return ok({ status: 'saved', record: next, card: cardOf(next) })
  }

  create = async ({ columnId, fields }: CreateInput): Promise<Result<CreateResult>> => {
    const stage = this.board.column(columnId)
    const top = Math.min(10, ...stage.map((r) => r.Position)) - 10
    const who = people.find((p) => p.Id === fields.CoworkerId)
    const record: OpportunityDetails = {
      Id: ++this.nextId,
      CrmBoardColumnId: columnId,
      Position: top,
      Status: 1,
      Name: fields.Name ?? null,
      Value: fields.Value ?? null,
      CoworkerId: fields.CoworkerId,
      CoworkerFullName: who?.FullName ?? null,
      CoworkerCompanyName: who?.CompanyName ?? null,
      UpdatedOn: stamp()
    }
    this.records.set(record.Id, record)
    this.board.records.set(record.Id, cardOf(record))
    return ok({
      opportunity: cardOf(record),
      column: { columnId, opportunities: this.board.column(columnId) }
    })
  }

  delete = async ({ id }: { id: number }): Promise<Result<{ id: number }>> => {
    this.deletes.push(id)
    if (!this.records.delete(id))
      return fail({ kind: 'NotFound', message: 'This opportunity no longer exists.' })
    this.board.records.delete(id)
    return ok({ id })
  }
}

/** jsdom has no scrollIntoView, which Reka UI's listbox calls on the highlighted option. */
export function stubScrollIntoView(): void {
  if (typeof Element !== 'undefined' && !Element.prototype.scrollIntoView) {
    Element.prototype.scrollIntoView = function scrollIntoView() {}
  }
}
