/** Writes for the simpler CRM records (boards, stages, opportunity types): validate, stamp, store. */
import { randomUUID } from 'node:crypto'
import type { Editor } from './opportunities'
import { recordExists } from './opportunities'
import { ruleFailure, writeFailure, type WriteFailure } from './responses'
import type { SandboxState } from './state'
import { COLUMN_FLAGS, type BaseRecord, type Kind } from './types'
import type { Rec } from './views'
import {
  bodyReader,
  INVALID,
  REQUIRED,
  validateFields,
  type FieldError,
  type FieldSpec,
  type WriteMode
} from './writes'

export interface SimpleWriter {
  entity: string
  kind: 'columns' | 'boards' | 'types'
  fields: Record<string, FieldSpec>
  /** Why the record cannot be deleted yet, if it cannot (API doc O18). */
  blocker(state: SandboxState, id: number): string | null
}

const blocked = (entity: string) =>
  `You must delete all ${entity} records using this record before you can delete it.`

export const WRITERS: Record<SimpleWriter['kind'], SimpleWriter> = {
  columns: {
    entity: 'CrmBoardColumn',
    kind: 'columns',
    fields: {
      CrmBoardId: { kind: 'id', ref: 'boards', required: 'always' },
      Name: { kind: 'string', required: 'always' },
      Position: { kind: 'int', required: 'always' },
      ...Object.fromEntries(COLUMN_FLAGS.map((flag) => [flag, { kind: 'bool' } satisfies FieldSpec])),
      CannedResponseId: { kind: 'id' },
      TaskListId: { kind: 'id' },
      Products: { kind: 'ids' },
      Resources: { kind: 'ids' },
      SystemId: { kind: 'string' }
    },
    blocker: (state, id) =>
      [...state.data.opportunities.values()].some((o) => o.CrmBoardColumnId === id)
        ? blocked('CrmOpportunity')
        : null
  },
  boards: {
    entity: 'CrmBoard',
    kind: 'boards',
    fields: {
      BusinessId: { kind: 'id', ref: 'businesses', required: 'always' },
      Name: { kind: 'string', required: 'always' },
      Archived: { kind: 'bool' },
      SystemId: { kind: 'string' }
    },
    blocker: (state, id) =>
      [...state.data.columns.values()].some((c) => c.CrmBoardId === id) ? blocked('CrmBoardColumn') : null
  },
  types: {
    entity: 'OpportunityType',
    kind: 'types',
    fields: {
      BusinessId: { kind: 'id', ref: 'businesses', required: 'always' },
      Name: { kind: 'string', required: 'always' },
      NotesTemplate: { kind: 'string' },
      SystemId: { kind: 'string' }
    },
    blocker: (state, id) =>
      [...state.data.opportunities.values()].some((o) => o.OpportunityTypeId === id)
        ? blocked('CrmOpportunity')
        : null
  }
}

export type SimpleOutcome =
  | { ok: true; id: number; updatedOn: string }
  | { ok: false; status: 400; body: WriteFailure }
  | { ok: false; status: 404 }

/** PUT on a stage also takes incremental list edits (API doc §5.1). */
function applyListDeltas(values: Rec, body: Rec): void {
  const read = bodyReader(body)
  for (const list of ['Products', 'Resources'] as const) {
    const ids = new Set(values[list] as number[])
    const added = read(`Added${list}`).value
    const removed = read(`Removed${list}`).value
    if (Array.isArray(added)) for (const id of added) if (typeof id === 'number') ids.add(id)
    if (Array.isArray(removed)) for (const id of removed) ids.delete(id as number)
    values[list] = [...ids]
  }
}

export function writeSimple(
  state: SandboxState,
  writer: SimpleWriter,
  body: Rec,
  editor: Editor,
  mode: WriteMode
): SimpleOutcome {
  const table = state.data[writer.kind] as Map<number, BaseRecord>
  let existing: BaseRecord | undefined
  const idErrors: FieldError[] = []
  if (mode !== 'create') {
    const rawId = bodyReader(body)('Id').value
    if (rawId === undefined || rawId === null)
      idErrors.push({ AttemptedValue: null, Message: REQUIRED, PropertyName: 'Id' })
    else if (typeof rawId !== 'number')
      idErrors.push({ AttemptedValue: rawId, Message: INVALID, PropertyName: 'Id' })
    else {
      existing = table.get(rawId)
      if (!existing) return { ok: false, status: 404 }
    }
  }
  const exists = (kind: Kind, id: number) => recordExists(state, kind, id)
  const current = existing ? (existing as unknown as Rec) : null
  const { values, errors } = validateFields(writer.fields, body, current, mode, exists)
  if (idErrors.length || errors.length)
    return { ok: false, status: 400, body: writeFailure([...idErrors, ...errors]) }
  if (writer.kind === 'columns' && mode !== 'create') applyListDeltas(values, body)
  const now = state.clock.now()
  const record = {
    ...(existing ?? { Id: state.newId(), UniqueId: randomUUID(), CreatedOn: now, IsNew: false }),
    ...values,
    UpdatedOn: now,
    UpdatedBy: editor.email
  } as BaseRecord
  table.set(record.Id, record)
  return { ok: true, id: record.Id, updatedOn: now }
}

export function deleteSimple(
  state: SandboxState,
  writer: SimpleWriter,
  id: number
): { ok: true } | { ok: false; status: 404 } | { ok: false; status: 400; body: WriteFailure } {
  const table = state.data[writer.kind] as Map<number, BaseRecord>
  if (!table.has(id)) return { ok: false, status: 404 }
  const reason = writer.blocker(state, id)
  if (reason) return { ok: false, status: 400, body: ruleFailure(writer.entity, reason) }
  table.delete(id)
  return { ok: true }
}
