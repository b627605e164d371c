/**
 * Records as the API emits them. Denormalised fields (names of the column, customer, board…) are
 * computed here on every read, so whatever a client sends for them is never what it reads back.
 */
import type { SandboxState } from './state'
import type { BaseRecord, Column, Kind, Opportunity } from './types'
import { COLUMN_FLAGS } from './types'

export type Rec = Record<string, unknown>

interface ColumnStats {
  count: number
  value: number
  due: number
}

/** One per request: caches views and the column aggregates, which cost a pass over all opportunities. */
export interface ViewCtx {
  state: SandboxState
  nowIso: string
  cache: Map<string, Rec | null>
  stats: Map<number, ColumnStats> | null
}

export function viewCtx(state: SandboxState): ViewCtx {
  return { state, nowIso: state.clock.now(), cache: new Map(), stats: null }
}

function baseTail(r: BaseRecord, toString: string): Rec {
  return {
    Id: r.Id,
    UpdatedOn: r.UpdatedOn,
    CreatedOn: r.CreatedOn,
    UniqueId: r.UniqueId,
    UpdatedBy: r.UpdatedBy,
    IsNew: r.IsNew,
    SystemId: r.SystemId,
    ToStringText: toString,
    LocalizationDetails: null,
    CustomFields: null
  }
}

function columnStats(ctx: ViewCtx): Map<number, ColumnStats> {
  if (ctx.stats) return ctx.stats
  const stats = new Map<number, ColumnStats>()
  for (const o of ctx.state.data.opportunities.values()) {
    const s = stats.get(o.CrmBoardColumnId) ?? { count: 0, value: 0, due: 0 }
    s.count += 1
    s.value += o.Value ?? 0
    if (!o.Completed && o.DueDate !== null && o.DueDate <= ctx.nowIso) s.due += 1
    stats.set(o.CrmBoardColumnId, s)
  }
  ctx.stats = stats
  return stats
}

/** detail: the get-by-id form, which also carries collection properties (API doc §5.1). */
export function view(ctx: ViewCtx, kind: Kind, id: number | null | undefined, detail = false): Rec | null {
  if (id === null || id === undefined) return null
  const key = `${kind}:${id}:${detail}`
  const cached = ctx.cache.get(key)
  if (cached !== undefined) return cached
  const result = build(ctx, kind, id, detail)
  ctx.cache.set(key, result)
  return result
}

function build(ctx: ViewCtx, kind: Kind, id: number, detail: boolean): Rec | null {
  const { data } = ctx.state
  switch (kind) {
    case 'opportunities': {
      const o = data.opportunities.get(id)
      return o ? opportunityView(ctx, o) : null
    }
    case 'columns': {
      const c = data.columns.get(id)
      return c ? columnView(ctx, c, detail) : null
    }
    case 'boards': {
      const b = data.boards.get(id)
      return b
        ? { BusinessId: b.BusinessId, Name: b.Name, Archived: b.Archived, ...baseTail(b, b.Name) }
        : null
    }
    case 'businesses': {
      const b = data.businesses.get(id)
      const currency = b ? data.currencies.get(b.CurrencyId) : undefined
      return b
        ? {
            Name: b.Name,
            City: b.City,
            CurrencyId: b.CurrencyId,
            CurrencyCode: currency?.Code ?? null,
            ...baseTail(b, b.Name)
          }
        : null
    }
    case 'currencies': {
      const c = data.currencies.get(id)
      return c ? { Id: c.Id, Code: c.Code, Name: c.Name } : null
    }
    case 'teams': {
      const t = data.teams.get(id)
      return t
        ? {
            Name: t.Name,
            Description: t.Description,
            ProfileWebsite: t.ProfileWebsite,
            ...baseTail(t, t.Name)
          }
        : null
    }
    case 'coworkers': {
      const c = data.coworkers.get(id)
      if (!c) return null
      return {
        FullName: c.FullName,
        Email: c.Email,
        CompanyName: c.CompanyName,
        CoworkerType: c.CoworkerType,
        MobilePhone: c.MobilePhone,
        City: c.City,
        Active: c.Active,
        InvoicingBusinessId: c.InvoicingBusinessId,
        InvoicingBusinessName: data.businesses.get(c.InvoicingBusinessId)?.Name ?? null,
        TeamId: c.TeamId,
        ...baseTail(c, c.FullName)
      }
    }
    case 'users': {
      const u = data.users.get(id)
      if (!u) return null
      return {
        FullName: u.FullName,
        Email: u.Email,
        Active: u.Active,
        IsAdmin: u.IsAdmin,
        APIAccess: u.APIAccess,
        TwoFactorAuthentication: u.totpSecret !== null,
        ...baseTail(u, u.FullName)
      }
    }
    case 'types': {
      const t = data.types.get(id)
      return t
        ? { BusinessId: t.BusinessId, Name: t.Name, NotesTemplate: t.NotesTemplate, ...baseTail(t, t.Name) }
        : null
    }
    case 'histories': {
      const h = data.histories.get(id)
      if (!h) return null
      return {
        CrmOpportunityId: h.CrmOpportunityId,
        OldCrmBoardColumnId: h.OldCrmBoardColumnId,
        OldCrmBoardColumnName: h.OldCrmBoardColumnName,
        FromTime: h.FromTime,
        ToTime: h.ToTime,
        NewCrmBoardColumnId: h.NewCrmBoardColumnId,
        NewCrmBoardColumnName: h.NewCrmBoardColumnName,
        UserId: h.UserId,
        UserFullName: h.UserFullName,
        ...baseTail(h, `${h.OldCrmBoardColumnName ?? '-'} > ${h.NewCrmBoardColumnName ?? '-'}`)
      }
    }
  }
}

function boardDenormals(ctx: ViewCtx, boardId: number) {
  const { data } = ctx.state
  const board = data.boards.get(boardId)
  const business = board ? data.businesses.get(board.BusinessId) : undefined
  const currency = business ? data.currencies.get(business.CurrencyId) : undefined
  return {
    board,
    CrmBoardName: board?.Name ?? null,
    CrmBoardBusinessId: business?.Id ?? null,
    CrmBoardBusinessName: business?.Name ?? null,
    CrmBoardBusinessCurrencyId: currency?.Id ?? null,
    CrmBoardBusinessCurrencyCode: currency?.Code ?? null
  }
}

function columnView(ctx: ViewCtx, c: Column, detail: boolean): Rec {
  const { board, ...names } = boardDenormals(ctx, c.CrmBoardId)
  const stats = columnStats(ctx).get(c.Id)
  const flags = Object.fromEntries(COLUMN_FLAGS.map((f) => [f, c[f]]))
  return {
    CrmBoardId: c.CrmBoardId,
    ...names,
    Name: c.Name,
    Position: c.Position,
    ...flags,
    CannedResponseId: c.CannedResponseId,
    TaskListId: c.TaskListId,
    ...(detail ? { Products: [...c.Products], Resources: [...c.Resources] } : {}),
    OpportunitiesCount: stats?.count ?? 0,
    OpportunitiesValue: stats?.value ?? 0,
    DueCount: stats?.due ?? 0,
    ...baseTail(c, `${board?.Name ?? ''} - ${c.Name}`)
  }
}

function opportunityView(ctx: ViewCtx, o: Opportunity): Rec {
  const { data } = ctx.state
  const column = data.columns.get(o.CrmBoardColumnId)
  const { board: _board, ...boardNames } = boardDenormals(ctx, column?.CrmBoardId ?? -1)
  const coworker = data.coworkers.get(o.CoworkerId)
  const team = o.TeamId === null ? undefined : data.teams.get(o.TeamId)
  const customer = coworker?.FullName ?? ''
  return {
    CrmBoardColumnId: o.CrmBoardColumnId,
    CrmBoardColumnName: column?.Name ?? null,
    CrmBoardColumnCrmBoardId: column?.CrmBoardId ?? null,
    CrmBoardColumnCrmBoardName: boardNames.CrmBoardName,
    CrmBoardColumnCrmBoardBusinessId: boardNames.CrmBoardBusinessId,
    CrmBoardColumnCrmBoardBusinessName: boardNames.CrmBoardBusinessName,
    CrmBoardColumnCrmBoardBusinessCurrencyId: boardNames.CrmBoardBusinessCurrencyId,
    CrmBoardColumnCrmBoardBusinessCurrencyCode: boardNames.CrmBoardBusinessCurrencyCode,
    CoworkerId: o.CoworkerId,
    CoworkerFullName: coworker?.FullName ?? null,
    CoworkerCoworkerType: coworker ? (coworker.CoworkerType === 2 ? 'Company' : 'Individual') : null,
    CoworkerCompanyName: coworker?.CompanyName ?? null,
    CoworkerEmail: coworker?.Email ?? null,
    TeamId: o.TeamId,
    TeamName: team?.Name ?? null,
    TeamDescription: team?.Description ?? null,
    TeamProfileWebsite: team?.ProfileWebsite ?? null,
    Name: o.Name,
    OpportunityTypeId: o.OpportunityTypeId,
    OpportunityTypeName:
      o.OpportunityTypeId === null ? null : (data.types.get(o.OpportunityTypeId)?.Name ?? null),
    ResponsibleId: o.ResponsibleId,
    ResponsibleFullName:
      o.ResponsibleId === null ? null : (data.users.get(o.ResponsibleId)?.FullName ?? null),
    ReferrerId: o.ReferrerId,
    AgentId: o.AgentId,
    Notes: o.Notes,
    Status: o.Status,
    Position: o.Position,
    Completed: o.Completed,
    DueDate: o.DueDate,
    Value: o.Value,
    Reminded: o.Reminded,
    LeadSource: o.LeadSource,
    LossReason: o.LossReason,
    WonOn: o.WonOn,
    LostOn: o.LostOn,
    UtmSource: o.UtmSource,
    UtmMedium: o.UtmMedium,
    UtmCampaign: o.UtmCampaign,
    UtmContent: o.UtmContent,
    UtmTerm: o.UtmTerm,
    CrmUpdatedOn: o.StageEnteredOn,
    ...baseTail(o, o.Name ? `${customer} - ${o.Name}` : customer)
  }
}
