/**
 * Cards packed as a table: the field names once, then one row of values per card, with null for
 * what a card does not have. The same cards as objects repeat every key 5,000 times: packed, a
 * board is about half the bytes to write, send, decode and parse, on both sides of the bridge and
 * in the saved copy. Free of zod on purpose: the renderer unpacks, and must not bundle zod for it;
 * the schema that checks a table is in card.ts, and main applies it before the renderer sees one.
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
  'ResponsibleFullName'
] as const
export type CardField = (typeof CARD_FIELDS)[number]

export interface PackedCards {
  fields: string[]
  rows: unknown[][]
}

export function packCards(cards: readonly BoardCard[]): PackedCards {
  const rows = cards.map((card) => {
    const row: unknown[] = new Array(CARD_FIELDS.length)
    for (let i = 0; i < CARD_FIELDS.length; i++) row[i] = card[CARD_FIELDS[i]!] ?? null
    return row
  })
  return { fields: [...CARD_FIELDS], rows }
}

/** The cards of a table that card.ts's PackedCards accepted; a null value is an absent field. */
export function unpackCards(packed: PackedCards): BoardCard[] {
  const { fields, rows } = packed
  return rows.map((row) => {
    const card: Record<string, unknown> = {}
    for (let i = 0; i < fields.length; i++) if (row[i] !== null) card[fields[i]!] = row[i]
    return card as BoardCard
  })
}
