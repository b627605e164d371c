/** HTTP face of the control API (see ../control.ts). */
import type { Context, Hono } from 'hono'
import { z } from 'zod'
import { ResetOptions, type SandboxControl } from '../control'
import type { SandboxEnv } from '../gate'
import { NOT_FOUND } from '../responses'

async function jsonBody(c: Context<SandboxEnv>): Promise<unknown> {
  const text = await c.req.text()
  if (text.trim() === '') return {}
  return JSON.parse(text) as unknown
}

function badRequest(c: Context<SandboxEnv>, error: unknown): Response {
  const message =
    error instanceof z.ZodError
      ? z.prettifyError(error)
      : error instanceof Error
        ? error.message
        : String(error)
  return c.json({ error: message }, 400)
}

export function registerControl(app: Hono<SandboxEnv>, control: SandboxControl): void {
  const base = '/__sandbox'
  app.get(base, (c) => c.json(control.info()))
  app.get(`${base}/switches`, (c) => c.json(control.switches()))
  const patchSwitches = async (c: Context<SandboxEnv>) => {
    try {
      return c.json(control.setSwitches((await jsonBody(c)) as Parameters<SandboxControl['setSwitches']>[0]))
    } catch (error) {
      return badRequest(c, error)
    }
  }
  app.post(`${base}/switches`, patchSwitches)
  app.patch(`${base}/switches`, patchSwitches)
  app.post(`${base}/reset`, async (c) => {
    try {
      control.reset(ResetOptions.parse(await jsonBody(c)))
      return c.json(control.info())
    } catch (error) {
      return badRequest(c, error)
    }
  })
  app.get(`${base}/requests`, (c) => c.json(control.requests()))
  app.delete(`${base}/requests`, (c) => {
    control.clearRequests()
    return c.body(null, 204)
  })
  app.get(`${base}/actions`, (c) => c.json(control.actions()))
  app.delete(`${base}/actions`, (c) => {
    control.clearActions()
    return c.body(null, 204)
  })
  app.get(`${base}/totp`, (c) => c.json(control.totp()))
  app.get(`${base}/crm/crmopportunities/:id`, (c) => {
    const record = control.getOpportunity(Number(c.req.param('id')))
    return record ? c.json(record) : c.json(NOT_FOUND, 404)
  })
  app.patch(`${base}/crm/crmopportunities/:id`, async (c) => {
    let body: unknown
    try {
      body = await jsonBody(c)
    } catch (error) {
      return badRequest(c, error)
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body))
      return badRequest(c, 'body must be an object')
    const outcome = control.patchOpportunity(Number(c.req.param('id')), body as Record<string, unknown>)
    if (outcome.ok) return c.json(outcome.record)
    return outcome.status === 404 ? c.json(NOT_FOUND, 404) : c.json(outcome.body, 400)
  })
}
