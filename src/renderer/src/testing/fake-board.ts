/**
 * Board fixtures for unit tests: stages, opportunities, a snapshot, and a tiny in-memory stand-in
 * for main's move handler (stale check, positions, outcomes, re-read of the touched stages).
 */
import type { BoardSnapshot, MoveIntent, MoveResult } from '../../../shared/bridge'
import { byPosition, placeAmong } from '../../../shared/order'
import type { CrmBoardColumn } from '../../../shared/nexudus'
import type { BoardCard } from '../../../shared/card'
import { packCards, unpackCards } from '../../../shared/card-table'
import { fail, ok, type Result } from '../../../shared/result'

export function column(Id: number, Name: string, extra: Partial<CrmBoardColumn> = {}): CrmBoardColumn {
  return { Id, Name, CrmBoardId: 1, Position: Id, ...extra }
}

let clock = 0
/** A fresh, strictly increasing UpdatedOn. */
export const stamp = (): string => new Date(Date.UTC(2026, 0, 1, 0, 0, ++clock)).toISOString()

export function opportunity(
  Id: number,
  CrmBoardColumnId: number,
  Position: number,
  extra: Partial<BoardCard> = {}
): BoardCard {
  return {
    Id,
    CrmBoardColumnId,
    Position,
    Status: 1,
    CoworkerFullName: `Customer ${Id}`,
    CoworkerCompanyName: `Company ${Id}`,
    Name: 'Hot desk',
    Value: 100 * Id,
    ResponsibleFullName: 'Alex Morgan',
    LeadSource: 5,
    DueDate: null,
    UpdatedOn: '2026-01-01T00:00:00Z',
    ...extra
  }
}

/** The cards of a snapshot, unpacked. */
export const cardsOf = (board: BoardSnapshot): BoardCard[] => unpackCards(board.cards)

/** The same snapshot with other cards. */
export const withCards = (board: BoardSnapshot, cards: BoardCard[]): BoardSnapshot => ({
  ...board,
  cards: packCards(cards)
})

export function snapshot(
  columns: CrmBoardColumn[],
  opportunities: BoardCard[],
  currency: string | null = 'GBP'
): BoardSnapshot {
  return {
    board: { Id: 1, Name: 'Sales', BusinessId: 1 },
    columns,
    cards: packCards(opportunities),
    currency,
    loadedAt: '2026-01-01T00:00:00Z'
  }
}

/** Stages A (1), B (2), Won (3, win), Lost (4, lose); cards 11–13 in A, 21–22 in B, 31 won, 41 lost. */
export function sampleBoard(): BoardSnapshot {
  return snapshot(
    [
      column(1, 'Enquiry'),
      column(2, 'Tour booked'),
      column(3, 'Won', { WinOpportunity: true }),
      column(4, 'Lost', { LoseOpportunity: true })
    ],
    [
      opportunity(12, 1, 20),
      opportunity(11, 1, 10),
      opportunity(13, 1, 30),
      opportunity(21, 2, 10),
      opportunity(22, 2, 20),
      opportunity(31, 3, 10, { Status: 2, WonOn: '2026-02-01T10:00:00Z', Completed: true }),
      opportunity(41, 4, 10, { Status: 3, LostOn: '2026-02-02T10:00:00Z', LossReason: 4, Completed: true })
    ]
  )
}

/** Main's move handler in miniature, over a copy of the snapshot's records. */
export class FakeBoardServer {
  readonly records = new Map<number, BoardCard>()
  readonly calls: MoveIntent[] = []

  constructor(readonly board: BoardSnapshot) {
    for (const r of cardsOf(board)) this.records.set(r.Id, { ...r })
  }

  column(id: number): BoardCard[] {
    return [...this.records.values()].filter((r) => r.CrmBoardColumnId === id)
  }

  openOrder(columnId: number): number[] {
    return this.column(columnId)
      .filter((r) => r.Status === 1)
      .sort(byPosition)
      .map((r) => r.Id)
  }

  /** Someone else edits a record (bumps UpdatedOn). */
  touch(id: number, fields: Partial<BoardCard>): void {
    const r = this.records.get(id)!
    this.records.set(id, { ...r, ...fields, UpdatedOn: stamp() })
  }

  move = (intent: MoveIntent): Result<MoveResult> => {
    this.calls.push(intent)
    const current = this.records.get(intent.opportunityId)
    if (!current) return fail({ kind: 'NotFound', message: 'This opportunity no longer exists.' })
    if (
      current.CrmBoardColumnId !== intent.expected.columnId ||
      (current.UpdatedOn ?? null) !== intent.expected.updatedOn
    ) {
      return fail({ kind: 'Conflict', message: 'Changed elsewhere', fresh: current })
    }
    const from = current.CrmBoardColumnId
    const next: BoardCard = { ...current, UpdatedOn: stamp() }
    if (intent.to) {
      const to = intent.to
      const order = this.openOrder(to.columnId).filter((id) => id !== current.Id)
      order.splice(placeAmong(order, to).index, 0, current.Id)
      order.forEach((id, i) => {
        if (id !== current.Id) this.records.set(id, { ...this.records.get(id)!, Position: (i + 1) * 10 })
      })
      next.CrmBoardColumnId = to.columnId
      next.Position = (order.indexOf(current.Id) + 1) * 10
      const col = this.board.columns.find((c) => c.Id === to.columnId)
      if (!intent.outcome && col?.WinOpportunity) next.Status = 2
      if (!intent.outcome && col?.LoseOpportunity) next.Status = 3
    }
    const outcome = intent.outcome
    if (outcome?.status === 'won') Object.assign(next, { Status: 2, WonOn: next.UpdatedOn, Completed: true })
    if (outcome?.status === 'lost') {
      Object.assign(next, {
        Status: 3,
        LostOn: next.UpdatedOn,
        LossReason: outcome.lossReason,
        Completed: true
      })
    }
    if (outcome?.status === 'open')
      Object.assign(next, { Status: 1, WonOn: null, LostOn: null, Completed: false })
    this.records.set(next.Id, next)
    const touched = [...new Set([from, next.CrmBoardColumnId])]
    return ok({
      opportunity: next,
      columns: touched.map((columnId) => ({ columnId, opportunities: this.column(columnId) })),
      writes: 1
    })
  }
}
