/**
 * Cards packed as a table of columns: the field names once, then per field either every card's
 * value or, when few values repeat across the board (stages, tags, companies, who is responsible,
 * due dates), a dictionary of those values and one small code per card. null stands for what a
 * card does not have. The same 5,000 cards as objects are 4.3 MB of JSON; as rows of values
 * 0.93 MB; as these columns ~0.45 MB. The bytes matter on the way to the first drawing: the
 * renderer spends ~70 ms of its main thread just receiving a 0.9 MB answer (docs/performance.md),
 * then decodes, parses and allocates it. Free of zod on purpose: the renderer unpacks, and must
 * not bundle zod for it; the schema that checks a table is in card.ts, and main applies it before
 * the renderer sees one.
 */
import type { BoardCard } from './card'

/** What a card holds (shared/card.ts says why), in the order of a packed row. */
export const CARD_FIELDS = [
  'Id',
  'UpdatedOn',
  'CrmBoardColumnId',
  'Position',
  'Status',
  'Name',
  'CoworkerFullName',
  'CoworkerCompanyName',
  'Value',
  'DueDate',
  'Completed',
  'LeadSource',
  'LossReason',
  'WonOn',
  'LostOn',
  'ResponsibleFullName',
  // For the filter bar and search: few distinct values, so they pack into small dictionaries.
  'CoworkerEmail',
  'OpportunityTypeName'
] as const
export type CardField = (typeof CARD_FIELDS)[number]

export type PackedColumn = { values: unknown[] } | { dict: unknown[]; codes: number[] }

export interface PackedCards {
  fields: string[]
  count: number
  columns: PackedColumn[]
}

/** A column's values, as a dictionary when at most a quarter of them are distinct. */
function packColumn(values: readonly unknown[]): PackedColumn {
  const index = new Map<unknown, number>()
  const dict: unknown[] = []
  const codes: number[] = new Array(values.length)
  for (let i = 0; i < values.length; i++) {
    let code = index.get(values[i])
    if (code === undefined) {
      if (dict.length >= Math.max(1, values.length / 4)) return { values: [...values] }
      code = dict.length
      index.set(values[i], code)
      dict.push(values[i])
    }
    codes[i] = code
  }
  return { dict, codes }
}

export function packCards(cards: readonly BoardCard[]): PackedCards {
  return {
    fields: [...CARD_FIELDS],
    count: cards.length,
    columns: CARD_FIELDS.map((field) => packColumn(cards.map((card) => card[field] ?? null)))
  }
}

/** The cards of a table that card.ts's PackedCards accepted; a null value is an absent field. */
export function unpackCards(packed: PackedCards): BoardCard[] {
  const { fields, count, columns } = packed
  const cards: Record<string, unknown>[] = new Array(count)
  for (let i = 0; i < count; i++) cards[i] = {}
  for (let f = 0; f < fields.length; f++) {
    const name = fields[f]!
    const column = columns[f]!
    for (let i = 0; i < count; i++) {
      const value = 'codes' in column ? column.dict[column.codes[i]!] : column.values[i]
      if (value !== null) cards[i]![name] = value
    }
  }
  return cards as BoardCard[]
}
