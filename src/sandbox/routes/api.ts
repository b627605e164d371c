/** The REST resources under /api (API doc §3.1): list, batch, get, commands, and the writes. */
import type { Context, Hono } from 'hono'
import { hasRole } from '../auth'
import { deleteSimple, WRITERS, writeSimple, type SimpleWriter } from '../crud'
import { RESOURCES, type ResourceDef } from '../entities'
import type { SandboxEnv } from '../gate'
import { createOpportunity, deleteOpportunity, updateOpportunity, type Editor } from '../opportunities'
import { batchIds, listRecords } from '../query'
import {
  DENIED,
  INVALID_REQUEST,
  NOT_FOUND,
  STAGE_REFUSED_MESSAGE,
  writeRefusal,
  writeSuccess
} from '../responses'
import type { SandboxState } from '../state'
import type { User } from '../types'
import { view, viewCtx, type Rec } from '../views'

type Ctx = Context<SandboxEnv>

export function editorOf(user: User): Editor {
  return { userId: user.Id, email: user.Email, fullName: user.FullName }
}

/** Missing role: 403 by default, 401 when the switch asks for the docs' literal wording (API doc O15). */
function denied(state: SandboxState, c: Ctx, role: string): Response | null {
  if (hasRole(c.get('user'), role)) return null
  if (state.switches.forbiddenAs401) return c.json(DENIED, 401)
  return c.json({ Message: `You do not have the ${role} role needed for this request.` }, 403)
}

export async function readBody(c: Ctx): Promise<Rec | null> {
  try {
    const parsed: unknown = JSON.parse(await c.req.text())
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Rec) : null
  } catch {
    return null
  }
}

const invalidBody = (c: Ctx) =>
  c.json({ Message: INVALID_REQUEST, Value: null, Errors: [], WasSuccessful: false }, 400)

/** The refuseStages switch: a PUT that would move an opportunity into such a stage, and the words. */
function refusedStage(state: SandboxState, body: Rec): string | null {
  const rule = state.switches.refuseStages
  const to = body.CrmBoardColumnId
  if (!rule || typeof to !== 'number' || !rule.columnIds.includes(to)) return null
  const stored = typeof body.Id === 'number' ? state.data.opportunities.get(body.Id) : undefined
  if (!stored || stored.CrmBoardColumnId === to) return null
  return rule.message ?? STAGE_REFUSED_MESSAGE
}

function parseId(raw: string): number | null {
  return /^\d+$/.test(raw) ? Number(raw) : null
}

function registerReads(app: Hono<SandboxEnv>, state: SandboxState, def: ResourceDef, base: string): void {
  app.get(`${base}/commands`, (c) => denied(state, c, `${def.entity}-List`) ?? c.json([]))
  app.get(base, (c) => {
    const refusal = denied(state, c, `${def.entity}-List`)
    if (refusal) return refusal
    const params = new URL(c.req.url).searchParams
    const ctx = viewCtx(state)
    const ids = batchIds(params)
    if (ids) return c.json(ids.map((id) => view(ctx, def.kind, id, true)).filter((r) => r !== null))
    return c.json(listRecords(ctx, def, params))
  })
  app.get(`${base}/:id`, (c) => {
    const refusal = denied(state, c, `${def.entity}-Read`)
    if (refusal) return refusal
    const record = view(viewCtx(state), def.kind, parseId(c.req.param('id')), true)
    return record ? c.json(record) : c.json(NOT_FOUND, 404)
  })
}

function registerOpportunityWrites(app: Hono<SandboxEnv>, state: SandboxState, base: string): void {
  const entity = 'CrmOpportunity'
  const success = (c: Ctx, id: number, verb: 'created' | 'updated') => {
    const record = view(viewCtx(state), 'opportunities', id, true)
    return c.json(writeSuccess(entity, verb, record, String(record?.UpdatedOn), c.get('user').Email))
  }
  app.post(base, async (c) => {
    const refusal = denied(state, c, `${entity}-Create`)
    if (refusal) return refusal
    const body = await readBody(c)
    if (!body) return invalidBody(c)
    const outcome = createOpportunity(state, body, editorOf(c.get('user')))
    if (!outcome.ok) return outcome.status === 404 ? c.json(NOT_FOUND, 404) : c.json(outcome.body, 400)
    return success(c, outcome.record.Id, 'created')
  })
  app.put(base, async (c) => {
    const refusal = denied(state, c, `${entity}-Edit`)
    if (refusal) return refusal
    const body = await readBody(c)
    if (!body) return invalidBody(c)
    const refused = refusedStage(state, body)
    if (refused) return c.json(writeRefusal(refused), 200)
    const outcome = updateOpportunity(state, body, editorOf(c.get('user')), state.switches.putMode, {
      staleCheck: state.switches.staleCheck
    })
    if (!outcome.ok) return outcome.status === 404 ? c.json(NOT_FOUND, 404) : c.json(outcome.body, 400)
    return success(c, outcome.record.Id, 'updated')
  })
  app.delete(`${base}/:id`, (c) => {
    const refusal = denied(state, c, `${entity}-Delete`)
    if (refusal) return refusal
    const id = parseId(c.req.param('id'))
    if (id === null || !deleteOpportunity(state, id)) return c.json(NOT_FOUND, 404)
    return c.json(writeSuccess(entity, 'deleted', { Id: id }, state.clock.now(), c.get('user').Email))
  })
}

function registerSimpleWrites(
  app: Hono<SandboxEnv>,
  state: SandboxState,
  writer: SimpleWriter,
  base: string
): void {
  const write = async (c: Ctx, mode: 'create' | 'update') => {
    const refusal = denied(state, c, `${writer.entity}-${mode === 'create' ? 'Create' : 'Edit'}`)
    if (refusal) return refusal
    const body = await readBody(c)
    if (!body) return invalidBody(c)
    const putMode = mode === 'create' ? 'create' : state.switches.putMode
    const outcome = writeSimple(state, writer, body, editorOf(c.get('user')), putMode)
    if (!outcome.ok) return outcome.status === 404 ? c.json(NOT_FOUND, 404) : c.json(outcome.body, 400)
    const record = view(viewCtx(state), writer.kind, outcome.id, true)
    const verb = mode === 'create' ? 'created' : 'updated'
    return c.json(writeSuccess(writer.entity, verb, record, outcome.updatedOn, c.get('user').Email))
  }
  app.post(base, (c) => write(c, 'create'))
  app.put(base, (c) => write(c, 'update'))
  app.delete(`${base}/:id`, (c) => {
    const refusal = denied(state, c, `${writer.entity}-Delete`)
    if (refusal) return refusal
    const id = parseId(c.req.param('id'))
    const outcome = id === null ? ({ ok: false, status: 404 } as const) : deleteSimple(state, writer, id)
    if (!outcome.ok) return outcome.status === 404 ? c.json(NOT_FOUND, 404) : c.json(outcome.body, 400)
    return c.json(writeSuccess(writer.entity, 'deleted', { Id: id }, state.clock.now(), c.get('user').Email))
  })
}

export function registerApi(app: Hono<SandboxEnv>, state: SandboxState): void {
  for (const def of RESOURCES) {
    const base = `/api/${def.path}`
    registerReads(app, state, def, base)
    if (def.kind === 'opportunities') registerOpportunityWrites(app, state, base)
    if (def.kind === 'columns' || def.kind === 'boards' || def.kind === 'types')
      registerSimpleWrites(app, state, WRITERS[def.kind], base)
  }
}
