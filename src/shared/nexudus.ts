/**
 * zod schemas of the Nexudus records and envelopes this app reads and writes (see
 * ../../docs and shared/nexudus-crm-api.md §3–7). Records are "loose": fields we do not know are
 * kept, because a PUT must send the whole record back (API doc §9.2) and dropping an unknown
 * field would clear it on the server.
 */
import { z } from 'zod'
import { leadSourceValues, lossReasonValues } from './enums'

/** Accepts what Nexudus and look-alikes emit: date, minutes, seconds, any fraction, Z, offset or none (§9.3). */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?(Z|[+-]\d{2}:?\d{2})?$/
export const NxDate = z.string().regex(ISO_DATE, 'is not an ISO 8601 date')

export const NxId = z.number().int().safe()

const baseFields = {
  Id: NxId,
  UniqueId: z.string().nullish(),
  CreatedOn: NxDate.nullish(),
  UpdatedOn: NxDate.nullish(),
  UpdatedBy: z.string().nullish(),
  IsNew: z.boolean().nullish(),
  SystemId: z.string().nullish(),
  ToStringText: z.string().nullish(),
  LocalizationDetails: z.unknown().optional(),
  CustomFields: z.unknown().optional()
}

export const CrmBoard = z.looseObject({
  ...baseFields,
  BusinessId: NxId,
  Name: z.string(),
  Archived: z.boolean().nullish()
})
export type CrmBoard = z.infer<typeof CrmBoard>

const flag = z.boolean().nullish()

export const CrmBoardColumn = z.looseObject({
  ...baseFields,
  CrmBoardId: NxId,
  Name: z.string(),
  Position: z.number().int(),
  WinOpportunity: flag,
  LoseOpportunity: flag,
  CannedResponseId: NxId.nullish(),
  TaskListId: NxId.nullish(),
  UseTaskListAsResponsible: flag,
  ActivateAccount: flag,
  DeactivateAccount: flag,
  DeleteAccount: flag,
  ConfirmTour: flag,
  TourRequests: flag,
  ToursConfirmed: flag,
  TourCompleted: flag,
  SignUps: flag,
  Bookings: flag,
  Cancellations: flag,
  ProposalsSent: flag,
  ProposalsAccepted: flag,
  DocumentsSigned: flag,
  EventRegistrations: flag,
  ContactMessages: flag,
  EventCheckins: flag,
  ProductPurchased: flag,
  ResourceBooked: flag,
  Products: z.array(NxId).nullish(),
  Resources: z.array(NxId).nullish(),
  CrmBoardName: z.string().nullish(),
  CrmBoardBusinessId: NxId.nullish(),
  CrmBoardBusinessName: z.string().nullish(),
  CrmBoardBusinessCurrencyId: NxId.nullish(),
  CrmBoardBusinessCurrencyCode: z.string().nullish(),
  OpportunitiesCount: z.number().nullish(),
  OpportunitiesValue: z.number().nullish(),
  DueCount: z.number().nullish()
})
export type CrmBoardColumn = z.infer<typeof CrmBoardColumn>

/** The writable fields of an opportunity (§6.1), shared by the record and by create/edit inputs. */
export const opportunityWritable = {
  CrmBoardColumnId: NxId,
  CoworkerId: NxId,
  Position: z.number().int(),
  Status: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  Name: z.string().nullish(),
  TeamId: NxId.nullish(),
  OpportunityTypeId: NxId.nullish(),
  ResponsibleId: NxId.nullish(),
  ReferrerId: NxId.nullish(),
  AgentId: NxId.nullish(),
  Notes: z.string().nullish(),
  Completed: z.boolean().nullish(),
  DueDate: NxDate.nullish(),
  Value: z.number().finite().nullish(),
  Reminded: z.boolean().nullish(),
  LeadSource: z
    .number()
    .int()
    .refine((v) => leadSourceValues.includes(v), 'is not a known lead source')
    .nullish(),
  LossReason: z
    .number()
    .int()
    .refine((v) => lossReasonValues.includes(v), 'is not a known loss reason')
    .nullish(),
  WonOn: NxDate.nullish(),
  LostOn: NxDate.nullish(),
  UtmSource: z.string().nullish(),
  UtmMedium: z.string().nullish(),
  UtmCampaign: z.string().nullish(),
  UtmContent: z.string().nullish(),
  UtmTerm: z.string().nullish()
}

export const CrmOpportunity = z.looseObject({
  ...baseFields,
  ...opportunityWritable,
  CrmBoardColumnName: z.string().nullish(),
  CrmBoardColumnCrmBoardId: NxId.nullish(),
  CrmBoardColumnCrmBoardName: z.string().nullish(),
  CrmBoardColumnCrmBoardBusinessId: NxId.nullish(),
  CrmBoardColumnCrmBoardBusinessName: z.string().nullish(),
  CrmBoardColumnCrmBoardBusinessCurrencyId: NxId.nullish(),
  CrmBoardColumnCrmBoardBusinessCurrencyCode: z.string().nullish(),
  CoworkerFullName: z.string().nullish(),
  CoworkerCoworkerType: z.string().nullish(),
  CoworkerCompanyName: z.string().nullish(),
  CoworkerEmail: z.string().nullish(),
  TeamName: z.string().nullish(),
  OpportunityTypeName: z.string().nullish(),
  ResponsibleFullName: z.string().nullish(),
  CrmUpdatedOn: NxDate.nullish()
})
export type CrmOpportunity = z.infer<typeof CrmOpportunity>

/** Read-only fields stripped before a PUT (API doc §9.2); SystemId is kept on purpose. */
export const PUT_STRIP_FIELDS = [
  'CreatedOn',
  'UpdatedOn',
  'UpdatedBy',
  'UniqueId',
  'IsNew',
  'ToStringText',
  'LocalizationDetails',
  'CustomFields'
] as const

export const Coworker = z.looseObject({
  Id: NxId,
  FullName: z.string().nullish(),
  Email: z.string().nullish(),
  CompanyName: z.string().nullish(),
  CoworkerType: z.union([z.number(), z.string()]).nullish()
})
export type Coworker = z.infer<typeof Coworker>

export const AdminUser = z.looseObject({
  Id: NxId,
  FullName: z.string().nullish(),
  Email: z.string().nullish(),
  Active: z.boolean().nullish(),
  IsAdmin: z.boolean().nullish()
})
export type AdminUser = z.infer<typeof AdminUser>

export const OpportunityType = z.looseObject({
  Id: NxId,
  BusinessId: NxId.nullish(),
  Name: z.string(),
  NotesTemplate: z.string().nullish()
})
export type OpportunityType = z.infer<typeof OpportunityType>

export const CrmOpportunityHistory = z.looseObject({
  Id: NxId,
  CrmOpportunityId: NxId,
  OldCrmBoardColumnId: NxId.nullish(),
  OldCrmBoardColumnName: z.string().nullish(),
  NewCrmBoardColumnId: NxId.nullish(),
  NewCrmBoardColumnName: z.string().nullish(),
  FromTime: NxDate.nullish(),
  ToTime: NxDate.nullish(),
  UserId: NxId.nullish(),
  UserFullName: z.string().nullish(),
  CreatedOn: NxDate.nullish()
})
export type CrmOpportunityHistory = z.infer<typeof CrmOpportunityHistory>

/** The paged list envelope (§3.3). Only these keys are relied upon; the other eight may be absent. */
export function listEnvelope<T extends z.ZodType>(record: T) {
  return z.looseObject({
    Records: z.array(record),
    CurrentPage: z.number().int(),
    TotalItems: z.number().int(),
    TotalPages: z.number().int(),
    HasNextPage: z.boolean().nullish()
  })
}

export const NxFieldError = z.looseObject({
  AttemptedValue: z.unknown().optional(),
  Message: z.string().nullish(),
  PropertyName: z.string().nullish()
})

/** The write envelope (§3.4). `Value` is only trusted for its Id (O11), hence unknown. */
export const WriteEnvelope = z.looseObject({
  Status: z.number().nullish(),
  Message: z.string().nullish(),
  Value: z.unknown().optional(),
  Errors: z.array(NxFieldError).nullish(),
  WasSuccessful: z.boolean()
})
export type WriteEnvelope = z.infer<typeof WriteEnvelope>

export const TokenResponse = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.number().positive(),
  refresh_token: z.string().min(1).optional()
})
export type TokenResponse = z.infer<typeof TokenResponse>

export const OAuthError = z.looseObject({
  error: z.string(),
  error_description: z.string().optional()
})
