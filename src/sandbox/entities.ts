/** The resources the API serves, with the navigation properties filters may walk (API doc §3.2). */
import type { Kind } from './types'

export interface Navigation {
  /** The foreign-key property on the emitted record. */
  fk: string
  /** null: an id the sandbox does not model as a record (canned responses, task lists). */
  target: Kind | null
}

export interface EntityDef {
  /** Filter prefix and role prefix, e.g. CrmOpportunity. */
  entity: string
  kind: Kind
  /** Keys are lower-case: filter names are case-insensitive. */
  navs: Record<string, Navigation>
}

export interface ResourceDef extends EntityDef {
  /** URL path under /api, e.g. 'crm/crmopportunities'. */
  path: string
}

const nav = (fk: string, target: Kind | null): Navigation => ({ fk, target })

export const ENTITIES: Record<Kind, EntityDef> = {
  opportunities: {
    entity: 'CrmOpportunity',
    kind: 'opportunities',
    navs: {
      crmboardcolumn: nav('CrmBoardColumnId', 'columns'),
      coworker: nav('CoworkerId', 'coworkers'),
      responsible: nav('ResponsibleId', 'users'),
      referrer: nav('ReferrerId', 'coworkers'),
      agent: nav('AgentId', 'coworkers'),
      opportunitytype: nav('OpportunityTypeId', 'types'),
      team: nav('TeamId', 'teams')
    }
  },
  columns: {
    entity: 'CrmBoardColumn',
    kind: 'columns',
    navs: {
      crmboard: nav('CrmBoardId', 'boards'),
      cannedresponse: nav('CannedResponseId', null),
      tasklist: nav('TaskListId', null)
    }
  },
  boards: { entity: 'CrmBoard', kind: 'boards', navs: { business: nav('BusinessId', 'businesses') } },
  businesses: { entity: 'Business', kind: 'businesses', navs: { currency: nav('CurrencyId', 'currencies') } },
  currencies: { entity: 'Currency', kind: 'currencies', navs: {} },
  teams: { entity: 'Team', kind: 'teams', navs: {} },
  coworkers: {
    entity: 'Coworker',
    kind: 'coworkers',
    navs: { invoicingbusiness: nav('InvoicingBusinessId', 'businesses'), team: nav('TeamId', 'teams') }
  },
  users: { entity: 'User', kind: 'users', navs: {} },
  types: { entity: 'OpportunityType', kind: 'types', navs: { business: nav('BusinessId', 'businesses') } },
  histories: {
    entity: 'CrmOpportunityHistory',
    kind: 'histories',
    navs: {
      crmopportunity: nav('CrmOpportunityId', 'opportunities'),
      oldcrmboardcolumn: nav('OldCrmBoardColumnId', 'columns'),
      newcrmboardcolumn: nav('NewCrmBoardColumnId', 'columns'),
      user: nav('UserId', 'users')
    }
  }
}

export const RESOURCES: ResourceDef[] = [
  { ...ENTITIES.boards, path: 'crm/crmboards' },
  { ...ENTITIES.columns, path: 'crm/crmboardcolumns' },
  { ...ENTITIES.opportunities, path: 'crm/crmopportunities' },
  { ...ENTITIES.coworkers, path: 'spaces/coworkers' },
  { ...ENTITIES.users, path: 'sys/users' },
  { ...ENTITIES.types, path: 'crm/opportunitytypes' },
  { ...ENTITIES.histories, path: 'crm/crmopportunityhistories' }
]
