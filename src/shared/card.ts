/**
 * BoardCard: what the board shows of an opportunity, and all the renderer ever receives of one.
 * A full record is ~1.6 KB of JSON; 5,000 of them are 8 MB to parse twice in main, copy across the
 * bridge and parse again in the renderer, which alone broke the one-second budget for a full board
 * (docs/performance.md). The card keeps the face (customer, company, value, follow-up, tag,
 * responsible, lead source), the order (stage, Position, Status) and what a move and a stale check
 * need (UpdatedOn). Main keeps working on whole records: a PUT must send every field back (§9.2),
 * so it always GETs the card fresh before writing and never writes from a card.
 *
 * Unknown keys are stripped (z.object, not looseObject): a projection that grows by accident would
 * silently bring the 8 MB back. Names the board already knows are not repeated per card (the
 * stage's name, the business's currency): each field here costs ~100 KB at 5,000 cards.
 */
import { z } from 'zod'
import { CrmOpportunity } from './nexudus'
import {
  CARD_FIELDS,
  type CardField,
  type PackedCards as PackedCardsType,
  type PackedColumn
} from './card-table'

const mask = Object.fromEntries(CARD_FIELDS.map((field) => [field, true])) as { [F in CardField]: true }

export const BoardCard = z.object(CrmOpportunity.pick(mask).shape)
export type BoardCard = z.infer<typeof BoardCard>

/** The card of a whole record (main, before answering the renderer): the other fields dropped. */
export const toCard = (record: BoardCard): BoardCard => BoardCard.parse(record)

/** Checked in one loop: zod's per-element checks cost ~1 ms per 1,000 codes, and a board has 60,000. */
const Codes = z.custom<number[]>(
  (v) => Array.isArray(v) && v.every((code) => Number.isInteger(code) && code >= 0),
  'Codes must be whole numbers from 0'
)

/** One field's column: its values, or a dictionary and a code per card (card-table.ts). */
const column = (schema: z.ZodType) =>
  z.union([z.object({ values: z.array(schema) }), z.object({ dict: z.array(schema), codes: Codes })])

/**
 * Cards as a table of columns (card-table.ts), checked here: the field names must be this
 * version's, every value (or dictionary entry) passes the card's own schema for its field, every
 * column has one entry per card and every code names a dictionary entry.
 */
export const PackedCards: z.ZodType<PackedCardsType> = z
  .object({
    fields: z
      .array(z.string())
      .refine(
        (fields) => fields.length === CARD_FIELDS.length && fields.every((f, i) => f === CARD_FIELDS[i]),
        'The cards are packed with other fields than this version of the app knows'
      ),
    count: z.number().int().nonnegative(),
    columns: z.tuple(
      CARD_FIELDS.map((field) => column(BoardCard.shape[field])) as unknown as [
        z.ZodType<PackedColumn>,
        ...z.ZodType<PackedColumn>[]
      ]
    ) as unknown as z.ZodType<PackedColumn[]>
  })
  .superRefine((table, ctx) => {
    table.columns.forEach((c, i) => {
      const fits =
        'codes' in c
          ? c.codes.length === table.count && c.codes.every((code) => code < c.dict.length)
          : c.values.length === table.count
      if (!fits)
        ctx.addIssue({
          code: 'custom',
          path: ['columns', i],
          message: `Column ${CARD_FIELDS[i]} does not fit the table`
        })
    })
  })
export type PackedCards = PackedCardsType
export { CARD_FIELDS, packCards, unpackCards } from './card-table'
