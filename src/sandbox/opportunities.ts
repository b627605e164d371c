/**
 * Opportunity writes: validation, stage history, Win/Lose effects, the per-business limit and
 * the optional renumbering. Shared by the API routes and the control API ("someone else" edits).
 */
import { randomUUID } from 'node:crypto'
import { normalizeDate } from './dates'
import { ruleFailure, writeFailure, type WriteFailure } from './responses'
import type { ActionLogEntry, SandboxState } from './state'
import type { Column, History, Kind, Opportunity } from './types'
import type { Rec } from './views'
import { bodyReader, INVALID, REQUIRED, validateFields, type FieldError, type FieldSpec } from './writes'

export const OPPORTUNITY_FIELDS: Record<string, FieldSpec> = {
  CrmBoardColumnId: { kind: 'id', ref: 'columns', required: 'always' },
  CoworkerId: { kind: 'id', ref: 'coworkers', required: 'always' },
  Position: { kind: 'int', required: 'always' },
  Status: { kind: 'status', required: 'update', createDefault: 1 },
  Name: { kind: 'string' },
  TeamId: { kind: 'id', ref: 'teams' },
  OpportunityTypeId: { kind: 'id', ref: 'types' },
  ResponsibleId: { kind: 'id', ref: 'users' },
  ReferrerId: { kind: 'id', ref: 'coworkers' },
  AgentId: { kind: 'id', ref: 'coworkers' },
  Notes: { kind: 'string' },
  Completed: { kind: 'bool' },
  DueDate: { kind: 'date' },
  Value: { kind: 'decimal' },
  Reminded: { kind: 'bool' },
  LeadSource: { kind: 'leadSource' },
  LossReason: { kind: 'lossReason' },
  WonOn: { kind: 'date' },
  LostOn: { kind: 'date' },
  UtmSource: { kind: 'string' },
  UtmMedium: { kind: 'string' },
  UtmCampaign: { kind: 'string' },
  UtmContent: { kind: 'string' },
  UtmTerm: { kind: 'string' },
  SystemId: { kind: 'string' }
}

export interface Editor {
  userId: number | null
  email: string
  fullName: string | null
}

export type WriteOutcome =
  | { ok: true; record: Opportunity }
  | { ok: false; status: 400; body: WriteFailure }
  | { ok: false; status: 404 }

export function recordExists(state: SandboxState, kind: Kind, id: number): boolean {
  return state.data[kind].has(id)
}

function businessOfColumn(state: SandboxState, columnId: number): number | null {
  const column = state.data.columns.get(columnId)
  return column ? (state.data.boards.get(column.CrmBoardId)?.BusinessId ?? null) : null
}

function limitReached(state: SandboxState, businessId: number | null): boolean {
  if (businessId === null) return false
  const businessOf = new Map<number, number | null>()
  let count = 0
  for (const o of state.data.opportunities.values()) {
    let business = businessOf.get(o.CrmBoardColumnId)
    if (business === undefined) {
      business = businessOfColumn(state, o.CrmBoardColumnId)
      businessOf.set(o.CrmBoardColumnId, business)
    }
    if (business === businessId) count += 1
  }
  return count >= state.switches.opportunityLimit
}

function limitFailure(state: SandboxState): WriteOutcome {
  const limit = state.switches.opportunityLimit
  return {
    ok: false,
    status: 400,
    body: ruleFailure('CrmOpportunity', `limit of ${limit} opportunities reached`)
  }
}

export function createOpportunity(state: SandboxState, body: Rec, editor: Editor): WriteOutcome {
  const exists = (kind: Kind, id: number) => recordExists(state, kind, id)
  const { values, errors } = validateFields(OPPORTUNITY_FIELDS, body, null, 'create', exists)
  if (errors.length) return { ok: false, status: 400, body: writeFailure(errors) }
  const columnId = values.CrmBoardColumnId as number
  if (limitReached(state, businessOfColumn(state, columnId))) return limitFailure(state)
  const type =
    values.OpportunityTypeId === null ? undefined : state.data.types.get(values.OpportunityTypeId as number)
  // The type's template pre-fills Notes (OPP-PUT field description).
  if (values.Notes === null && type?.NotesTemplate) values.Notes = type.NotesTemplate
  return { ok: true, record: commit(state, null, values, editor) }
}

export function updateOpportunity(
  state: SandboxState,
  body: Rec,
  editor: Editor,
  mode: 'strict' | 'merge',
  options: { staleCheck?: boolean } = {}
): WriteOutcome {
  const read = bodyReader(body)
  const rawId = read('Id').value
  const idErrors: FieldError[] = []
  let existing: Opportunity | undefined
  if (rawId === undefined || rawId === null)
    idErrors.push({ AttemptedValue: null, Message: REQUIRED, PropertyName: 'Id' })
  else if (typeof rawId !== 'number' && !(typeof rawId === 'string' && /^\d+$/.test(rawId)))
    idErrors.push({ AttemptedValue: rawId, Message: INVALID, PropertyName: 'Id' })
  else {
    existing = state.data.opportunities.get(Number(rawId))
    if (!existing) return { ok: false, status: 404 }
  }
  const exists = (kind: Kind, id: number) => recordExists(state, kind, id)
  const current = existing ? (existing as unknown as Rec) : null
  const { values, errors } = validateFields(OPPORTUNITY_FIELDS, body, current, mode, exists)
  const all = [...idErrors, ...errors]
  if (all.length || !existing) return { ok: false, status: 400, body: writeFailure(all) }

  if (options.staleCheck) {
    const sent = read('UpdatedOn').value
    const sentDate = typeof sent === 'string' ? normalizeDate(sent) : null
    // Millisecond precision: a client that re-serialised the date may have dropped the last 4 digits.
    if (sentDate !== null && sentDate.slice(0, 23) < existing.UpdatedOn.slice(0, 23)) {
      const failure = writeFailure([
        {
          AttemptedValue: sent,
          Message: 'is older than the stored record: it was changed by someone else',
          PropertyName: 'UpdatedOn'
        }
      ])
      return { ok: false, status: 400, body: failure }
    }
  }
  const newColumn = values.CrmBoardColumnId as number
  const targetBusiness = businessOfColumn(state, newColumn)
  if (
    targetBusiness !== businessOfColumn(state, existing.CrmBoardColumnId) &&
    limitReached(state, targetBusiness)
  )
    return limitFailure(state)
  return { ok: true, record: commit(state, existing, values, editor) }
}

export function deleteOpportunity(state: SandboxState, id: number): boolean {
  if (!state.data.opportunities.delete(id)) return false
  for (const [historyId, row] of state.data.histories)
    if (row.CrmOpportunityId === id) state.data.histories.delete(historyId)
  return true
}

function commit(
  state: SandboxState,
  previous: Opportunity | undefined | null,
  values: Rec,
  editor: Editor
): Opportunity {
  const now = state.clock.now()
  const next = {
    ...(previous ?? {
      Id: state.newId(),
      UniqueId: randomUUID(),
      CreatedOn: now,
      IsNew: false,
      StageEnteredOn: now
    }),
    ...values,
    UpdatedOn: now,
    UpdatedBy: editor.email
  } as Opportunity
  const column = state.data.columns.get(next.CrmBoardColumnId)
  const moved = !previous || previous.CrmBoardColumnId !== next.CrmBoardColumnId
  if (moved && column) {
    next.StageEnteredOn = now
    writeHistory(state, previous ?? null, next, column, editor, now)
    runStageActions(state, next, column, editor, now)
  }
  state.data.opportunities.set(next.Id, next)
  if (state.switches.renumber) renumberColumn(state, next.CrmBoardColumnId)
  return next
}

function writeHistory(
  state: SandboxState,
  previous: Opportunity | null,
  next: Opportunity,
  column: Column,
  editor: Editor,
  now: string
): void {
  const oldColumn = previous ? state.data.columns.get(previous.CrmBoardColumnId) : undefined
  const row: History = {
    Id: state.newId(),
    UniqueId: randomUUID(),
    CreatedOn: now,
    UpdatedOn: now,
    UpdatedBy: editor.email,
    IsNew: false,
    SystemId: null,
    CrmOpportunityId: next.Id,
    OldCrmBoardColumnId: previous?.CrmBoardColumnId ?? null,
    OldCrmBoardColumnName: oldColumn?.Name ?? null,
    FromTime: previous?.StageEnteredOn ?? now,
    ToTime: now,
    NewCrmBoardColumnId: column.Id,
    NewCrmBoardColumnName: column.Name,
    UserId: editor.userId,
    UserFullName: editor.fullName
  }
  state.data.histories.set(row.Id, row)
}

/**
 * Win/Lose fill in Status, WonOn/LostOn and Completed where the request left them at their
 * default (API doc §5.2, O4); everything else a stage would do (emails, task lists, account
 * changes) is only recorded, never run.
 */
function runStageActions(
  state: SandboxState,
  o: Opportunity,
  column: Column,
  editor: Editor,
  now: string
): void {
  const log = (action: ActionLogEntry['action'], applied: boolean, detail: Record<string, unknown>) =>
    state.actions.push({
      at: now,
      opportunityId: o.Id,
      columnId: column.Id,
      columnName: column.Name,
      action,
      applied,
      detail,
      by: editor.email
    })
  if (column.WinOpportunity || column.LoseOpportunity) {
    const won = column.WinOpportunity
    const changed: Record<string, unknown> = {}
    if (o.Status === 1) o.Status = changed.Status = won ? 2 : 3
    if (won && o.WonOn === null) o.WonOn = changed.WonOn = now
    if (!won && o.LostOn === null) o.LostOn = changed.LostOn = now
    if (!o.Completed) o.Completed = changed.Completed = true
    log(won ? 'WinOpportunity' : 'LoseOpportunity', true, changed)
  }
  if (column.CannedResponseId !== null)
    log('SendCannedResponse', false, { CannedResponseId: column.CannedResponseId, CoworkerId: o.CoworkerId })
  if (column.TaskListId !== null)
    log('CreateTaskList', false, {
      TaskListId: column.TaskListId,
      UseTaskListAsResponsible: column.UseTaskListAsResponsible
    })
  for (const action of ['ActivateAccount', 'DeactivateAccount', 'DeleteAccount', 'ConfirmTour'] as const)
    if (column[action]) log(action, false, { CoworkerId: o.CoworkerId })
}

/** What the real server is observed to do: positions come back as 100, 200, 300… (API doc §6.3). */
export function renumberColumn(state: SandboxState, columnId: number): void {
  const cards = [...state.data.opportunities.values()]
    .filter((o) => o.CrmBoardColumnId === columnId)
    .sort((a, b) => a.Position - b.Position || a.Id - b.Id)
  cards.forEach((card, index) => (card.Position = (index + 1) * 100))
}
