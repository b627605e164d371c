/**
 * The details drawer's contract (issue 5): one opportunity read in full, edited field by field,
 * created from a stage and deleted. The edit schemas are used twice: by the drawer before it
 * sends anything (messages under the fields as the user types) and by main on every input, so
 * both say the same thing in the same words.
 *
 * Dates the user edits (DueDate, WonOn, LostOn) travel as calendar dates, "YYYY-MM-DD": a date
 * input knows nothing else, and Nexudus writes these as midnight with a `Z` (API doc §9.3). Main
 * turns one into `YYYY-MM-DDT00:00:00Z`, or keeps the record's own string when its date part is
 * unchanged, so a date the user did not touch is sent back verbatim, never shifted by a zone.
 */
import { z } from 'zod'
import { BoardCard } from './card'
import { leadSourceValues, lossReasonValues } from './enums'
import { NxDate, NxId, opportunityWritable } from './nexudus'
import { OutboxEntryView } from './outbox'

/** What the drawer can change, in the order it shows them. Stage and Position belong to the board. */
export const EDITABLE_FIELDS = [
  'Name',
  'CoworkerId',
  'OpportunityTypeId',
  'ResponsibleId',
  'ReferrerId',
  'AgentId',
  'Notes',
  'Completed',
  'DueDate',
  'Value',
  'Reminded',
  'LeadSource',
  'Status',
  'LossReason',
  'WonOn',
  'LostOn',
  'UtmSource',
  'UtmMedium',
  'UtmCampaign',
  'UtmContent',
  'UtmTerm'
] as const
export type EditableField = (typeof EDITABLE_FIELDS)[number]

/** The five campaign fields, shown in a collapsed section. */
export const UTM_FIELDS = ['UtmSource', 'UtmMedium', 'UtmCampaign', 'UtmContent', 'UtmTerm'] as const

/** A calendar date as a date input gives it. */
export const CalendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date')
  .refine((s) => {
    const [y, m, d] = s.split('-').map(Number) as [number, number, number]
    const date = new Date(Date.UTC(y, m - 1, d))
    return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
  }, 'Enter a real date')

const text = (max: number) => z.string().max(max, `Keep it under ${max} characters`).nullable()
const id = (message: string) => NxId.positive(message).nullable()

/**
 * One value per editable field, each optional (only what changed is sent) and each with the
 * message the user reads under the field. Null clears a field.
 */
export const OpportunityChanges = z.strictObject({
  Name: text(200).optional(),
  CoworkerId: NxId.positive('Choose a customer').optional(),
  OpportunityTypeId: id('Choose a type').optional(),
  ResponsibleId: id('Choose who is responsible').optional(),
  ReferrerId: id('Choose who referred them').optional(),
  AgentId: id('Choose an agent').optional(),
  Notes: text(20_000).optional(),
  Completed: z.boolean().optional(),
  DueDate: CalendarDate.nullable().optional(),
  Value: z
    .number('Enter an amount')
    .finite('Enter an amount')
    .min(0, 'The value cannot be negative')
    .max(1e12, 'That value is too large')
    .nullable()
    .optional(),
  Reminded: z.boolean().optional(),
  LeadSource: z
    .number()
    .int()
    .refine((v) => leadSourceValues.includes(v), 'Choose a lead source')
    .nullable()
    .optional(),
  Status: opportunityWritable.Status.optional(),
  LossReason: z
    .number()
    .int()
    .refine((v) => lossReasonValues.includes(v), 'Choose a loss reason')
    .nullable()
    .optional(),
  WonOn: CalendarDate.nullable().optional(),
  LostOn: CalendarDate.nullable().optional(),
  UtmSource: text(500).optional(),
  UtmMedium: text(500).optional(),
  UtmCampaign: text(500).optional(),
  UtmContent: text(500).optional(),
  UtmTerm: text(500).optional()
})
export type OpportunityChanges = z.infer<typeof OpportunityChanges>

/**
 * Rules across fields, checked on the record as it would be after the changes (the drawer checks
 * the whole form, main the merged record): a loss reason only on a lost opportunity.
 */
export function crossFieldErrors(after: {
  Status?: number | null
  LossReason?: number | null
}): Partial<Record<EditableField, string>> {
  const errors: Partial<Record<EditableField, string>> = {}
  if (after.Status !== 3 && after.LossReason != null)
    errors.LossReason = 'Only a lost opportunity has a loss reason'
  return errors
}

/** The whole record as the drawer shows it: every writable field, what Nexudus keeps about it, names. */
export const OpportunityDetails = z.object({
  ...opportunityWritable,
  Id: NxId,
  SystemId: z.string().nullish(),
  CreatedOn: NxDate.nullish(),
  UpdatedOn: NxDate.nullish(),
  UpdatedBy: z.string().nullish(),
  CrmBoardColumnName: z.string().nullish(),
  CoworkerFullName: z.string().nullish(),
  CoworkerCompanyName: z.string().nullish(),
  CoworkerEmail: z.string().nullish(),
  OpportunityTypeName: z.string().nullish(),
  ResponsibleFullName: z.string().nullish(),
  /** Not on the record (Nexudus names only the customer): main looks them up. */
  ReferrerFullName: z.string().nullish(),
  AgentFullName: z.string().nullish()
})
export type OpportunityDetails = z.infer<typeof OpportunityDetails>

/** One stage change (crmopportunityhistories): from → to, who, and when it entered and left. */
export const StageVisit = z.object({
  Id: NxId,
  OldCrmBoardColumnId: NxId.nullish(),
  OldCrmBoardColumnName: z.string().nullish(),
  NewCrmBoardColumnId: NxId.nullish(),
  NewCrmBoardColumnName: z.string().nullish(),
  /** When it entered the previous stage. */
  FromTime: NxDate.nullish(),
  /** When it left it, entering the new one. */
  ToTime: NxDate.nullish(),
  /** null when moved automatically. */
  UserFullName: z.string().nullish()
})
export type StageVisit = z.infer<typeof StageVisit>

export const OpportunityRead = z.object({
  record: OpportunityDetails,
  /** Oldest first. */
  history: z.array(StageVisit)
})
export type OpportunityRead = z.infer<typeof OpportunityRead>

export const SaveInput = z.strictObject({
  id: NxId,
  /** The record's UpdatedOn when the drawer opened it: a newer one on the server is a conflict. */
  expectedUpdatedOn: NxDate.nullable(),
  changes: OpportunityChanges.refine((c) => Object.keys(c).length > 0, 'Nothing to save'),
  /** The user saw the conflict and chose to write over it. */
  overwrite: z.boolean()
})
export type SaveInput = z.input<typeof SaveInput>

export const SaveResult = z.discriminatedUnion('status', [
  z.object({ status: z.literal('saved'), record: OpportunityDetails, card: BoardCard }),
  /** Someone changed it since the drawer opened it: nothing was written. */
  z.object({ status: z.literal('conflict'), fresh: OpportunityDetails }),
  /** Nexudus could not be reached: the edit waits in the outbox and is not saved yet. */
  z.object({ status: z.literal('queued'), entry: OutboxEntryView })
])
export type SaveResult = z.infer<typeof SaveResult>

export const CreateInput = z.strictObject({
  columnId: NxId,
  /** A customer is the one thing Nexudus requires of a new opportunity. */
  fields: OpportunityChanges.extend({ CoworkerId: NxId.positive('Choose a customer') })
})
export type CreateInput = z.input<typeof CreateInput>

/** The new card, placed at the top of its stage, and the stage as the server has it now. */
export const CreateResult = z.object({
  opportunity: BoardCard,
  column: z.object({ columnId: NxId, opportunities: z.array(BoardCard) })
})
export type CreateResult = z.infer<typeof CreateResult>

/** A customer, a referrer or an agent (coworkers), or an admin user (Responsible). */
export const Person = z.object({
  Id: NxId,
  FullName: z.string().nullish(),
  Email: z.string().nullish(),
  CompanyName: z.string().nullish()
})
export type Person = z.infer<typeof Person>

export const OpportunityTypeOption = z.object({
  Id: NxId,
  Name: z.string(),
  NotesTemplate: z.string().nullish()
})
export type OpportunityTypeOption = z.infer<typeof OpportunityTypeOption>

export const PeopleQuery = z.strictObject({
  query: z.string().trim().min(1, 'Type a name').max(100)
})
