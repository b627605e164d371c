import { describe, expect, it } from 'vitest'
import { BoardSnapshot, MoveResult } from './bridge'
import { BoardCard, CARD_FIELDS, packCards, toCard, unpackCards } from './card'

const record = {
  Id: 41,
  UpdatedOn: '2026-11-20T09:30:00Z',
  CrmBoardColumnId: 7,
  CrmBoardColumnName: 'Tour booked',
  CoworkerId: 900,
  CoworkerFullName: 'Jane Doe',
  CoworkerCompanyName: 'Acme Ltd',
  CoworkerEmail: 'jane@acme.example',
  Position: 300,
  Status: 1 as const,
  Name: 'Hot desk',
  Value: 1200,
  DueDate: '2026-12-03T00:00:00Z',
  Notes: 'Long notes the board never shows',
  UtmCampaign: 'winter',
  CustomFields: { Data: [] },
  SomethingNew: 'a field this app does not know'
}

describe('BoardCard', () => {
  it('keeps what a card shows and what a move needs', () => {
    expect(toCard(record)).toEqual({
      Id: 41,
      UpdatedOn: '2026-11-20T09:30:00Z',
      CrmBoardColumnId: 7,
      CoworkerFullName: 'Jane Doe',
      CoworkerCompanyName: 'Acme Ltd',
      CoworkerEmail: 'jane@acme.example',
      Position: 300,
      Status: 1,
      Name: 'Hot desk',
      Value: 1200,
      DueDate: '2026-12-03T00:00:00Z'
    })
  })

  it('drops every other field, known or not, in move answers and conflicts', () => {
    const moved = MoveResult.parse({
      opportunity: record,
      columns: [{ columnId: 7, opportunities: [record] }],
      writes: 1
    })
    for (const card of [moved.opportunity, moved.columns[0]!.opportunities[0], toCard(record)]) {
      expect(Object.keys(card ?? {})).not.toContain('Notes')
      expect(Object.keys(card ?? {})).not.toContain('SomethingNew')
      expect(Object.keys(card ?? {})).not.toContain('UtmCampaign')
      expect(Object.keys(card ?? {})).not.toContain('CrmBoardColumnName')
    }
  })

  it('still refuses a record the board could not draw', () => {
    expect(BoardCard.safeParse({ ...record, Status: 9 }).success).toBe(false)
    expect(BoardCard.safeParse({ ...record, Position: 'top' }).success).toBe(false)
  })
})

describe('packed cards', () => {
  const cards = [
    toCard(record),
    { Id: 42, CrmBoardColumnId: 7, Position: 400, Status: 2 as const, WonOn: '2026-11-21T00:00:00Z' },
    { Id: 43, CrmBoardColumnId: 8, Position: 100, Status: 3 as const, LossReason: 4, Value: 0 }
  ]
  const snapshot = (packed: unknown) => ({
    board: { Id: 1, BusinessId: 1, Name: 'Desks' },
    columns: [],
    cards: packed,
    currency: null,
    loadedAt: '2026-11-27T10:00:00Z'
  })

  it('unpack gives back the cards that were packed, in order, zero values kept', () => {
    const packed = BoardSnapshot.parse(snapshot(packCards(cards))).cards
    expect(unpackCards(packed)).toEqual(cards)
    expect(packed.fields).toEqual(CARD_FIELDS)
  })

  it('is much smaller than the same cards as objects', () => {
    const many = Array.from({ length: 100 }, (_, i) => toCard({ ...record, Id: 1000 + i }))
    expect(JSON.stringify(packCards(many)).length).toBeLessThan(0.6 * JSON.stringify(many).length)
  })

  it('packs repeated values as a dictionary and unpacks them the same', () => {
    const many = Array.from({ length: 40 }, (_, i) => toCard({ ...record, Id: 1000 + i }))
    const packed = BoardSnapshot.parse(snapshot(packCards(many))).cards
    const stage = packed.columns[CARD_FIELDS.indexOf('CrmBoardColumnId')]!
    expect('codes' in stage && stage.dict).toEqual([record.CrmBoardColumnId])
    expect('values' in packed.columns[CARD_FIELDS.indexOf('Id')]!).toBe(true)
    expect(unpackCards(packed)).toEqual(many)
  })

  it('refuses a table with other fields, a short column, a bad code or a bad value', () => {
    const many = Array.from({ length: 8 }, (_, i) => toCard({ ...record, Id: 1000 + i }))
    const packed = packCards([...cards, ...many])
    const at = (field: (typeof CARD_FIELDS)[number]) => CARD_FIELDS.indexOf(field)
    const replace = (field: (typeof CARD_FIELDS)[number], column: unknown) => ({
      ...packed,
      columns: packed.columns.map((c, i) => (i === at(field) ? column : c))
    })
    const ids = packed.columns[at('Id')] as { values: unknown[] }
    const stages = packed.columns[at('CrmBoardColumnId')] as { dict: unknown[]; codes: number[] }
    const bad = [
      { ...packed, fields: [...packed.fields].reverse() },
      { ...packed, fields: packed.fields.slice(1) },
      { ...packed, count: packed.count + 1 },
      { ...packed, columns: packed.columns.slice(1) },
      replace('Id', { values: ids.values.slice(1) }),
      replace('Id', { values: ids.values.map((v, i) => (i === 0 ? null : v)) }),
      replace('Status', { values: Array(packed.count).fill(9) }),
      replace('CrmBoardColumnId', { ...stages, codes: stages.codes.map(() => stages.dict.length) }),
      replace('CrmBoardColumnId', { dict: stages.dict.map(() => 'seven'), codes: stages.codes })
    ]
    expect('codes' in stages).toBe(true)
    for (const table of bad) expect(BoardSnapshot.safeParse(snapshot(table)).success).toBe(false)
  })
})
