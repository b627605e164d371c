/** The records as the sandbox stores them. Denormalised names are not stored: views compute them. */

export interface BaseRecord {
  Id: number
  UniqueId: string
  CreatedOn: string
  UpdatedOn: string
  UpdatedBy: string | null
  IsNew: boolean
  SystemId: string | null
}

export interface Currency {
  Id: number
  Code: string
  Name: string
}

export interface Business extends BaseRecord {
  Name: string
  CurrencyId: number
  City: string
}

export interface Team extends BaseRecord {
  Name: string
  Description: string | null
  ProfileWebsite: string | null
}

export interface Board extends BaseRecord {
  BusinessId: number
  Name: string
  Archived: boolean
}

export const COLUMN_FLAGS = [
  'TourRequests',
  'ToursConfirmed',
  'TourCompleted',
  'SignUps',
  'Bookings',
  'Cancellations',
  'ProposalsSent',
  'ProposalsAccepted',
  'DocumentsSigned',
  'EventRegistrations',
  'ContactMessages',
  'EventCheckins',
  'ProductPurchased',
  'ResourceBooked',
  'WinOpportunity',
  'LoseOpportunity',
  'UseTaskListAsResponsible',
  'ActivateAccount',
  'DeactivateAccount',
  'DeleteAccount',
  'ConfirmTour'
] as const
export type ColumnFlag = (typeof COLUMN_FLAGS)[number]

export type Column = BaseRecord &
  Record<ColumnFlag, boolean> & {
    CrmBoardId: number
    Name: string
    Position: number
    CannedResponseId: number | null
    TaskListId: number | null
    Products: number[]
    Resources: number[]
  }

export interface Coworker extends BaseRecord {
  FullName: string
  Email: string
  CompanyName: string | null
  /** 1 Individual, 2 Company (API doc §7.1). */
  CoworkerType: 1 | 2
  MobilePhone: string | null
  City: string | null
  InvoicingBusinessId: number
  Active: boolean
  TeamId: number | null
}

export interface User extends BaseRecord {
  FullName: string
  Email: string
  Active: boolean
  IsAdmin: boolean
  APIAccess: boolean
  /** Never emitted. null: cannot sign in. */
  password: string | null
  totpSecret: string | null
  /** 'all' = full unrestricted administrator; otherwise role names such as CrmOpportunity-Edit. */
  roles: 'all' | string[]
}

export interface OpportunityType extends BaseRecord {
  BusinessId: number
  Name: string
  NotesTemplate: string | null
}

export interface Opportunity extends BaseRecord {
  CrmBoardColumnId: number
  CoworkerId: number
  Position: number
  Status: number
  Name: string | null
  TeamId: number | null
  OpportunityTypeId: number | null
  ResponsibleId: number | null
  ReferrerId: number | null
  AgentId: number | null
  Notes: string | null
  Completed: boolean
  DueDate: string | null
  Value: number | null
  Reminded: boolean
  LeadSource: number | null
  LossReason: number | null
  WonOn: string | null
  LostOn: string | null
  UtmSource: string | null
  UtmMedium: string | null
  UtmCampaign: string | null
  UtmContent: string | null
  UtmTerm: string | null
  /** When it entered its current stage; emitted as CrmUpdatedOn and used as the next history row's FromTime. */
  StageEnteredOn: string
}

export interface History extends BaseRecord {
  CrmOpportunityId: number
  OldCrmBoardColumnId: number | null
  OldCrmBoardColumnName: string | null
  FromTime: string | null
  ToTime: string | null
  NewCrmBoardColumnId: number | null
  NewCrmBoardColumnName: string | null
  UserId: number | null
  UserFullName: string | null
}

export interface Dataset {
  currencies: Map<number, Currency>
  businesses: Map<number, Business>
  teams: Map<number, Team>
  boards: Map<number, Board>
  columns: Map<number, Column>
  coworkers: Map<number, Coworker>
  users: Map<number, User>
  types: Map<number, OpportunityType>
  opportunities: Map<number, Opportunity>
  histories: Map<number, History>
}

export type Kind = keyof Dataset

export function emptyDataset(): Dataset {
  return {
    currencies: new Map(),
    businesses: new Map(),
    teams: new Map(),
    boards: new Map(),
    columns: new Map(),
    coworkers: new Map(),
    users: new Map(),
    types: new Map(),
    opportunities: new Map(),
    histories: new Map()
  }
}
