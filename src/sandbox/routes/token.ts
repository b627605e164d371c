/** POST /api/token (API doc §1.1–1.2): form-encoded password and refresh grants. */
import type { Hono } from 'hono'
import { passwordGrant, refreshGrant } from '../auth'
import type { SandboxEnv } from '../gate'
import type { SandboxState } from '../state'

export function registerToken(app: Hono<SandboxEnv>, state: SandboxState): void {
  app.post('/api/token', async (c) => {
    const type = (c.req.header('content-type') ?? '').toLowerCase()
    // A JSON body is answered like an unknown grant, as Nexudus documents (GETTOKEN).
    if (!type.startsWith('application/x-www-form-urlencoded'))
      return c.json({ error: 'unsupported_grant_type' }, 400)
    const form = new URLSearchParams(await c.req.text())
    const clientId = c.req.header('client_id')
    const grant = form.get('grant_type')
    const result =
      grant === 'password'
        ? passwordGrant(state, form, clientId)
        : grant === 'refresh_token'
          ? refreshGrant(state, form, clientId)
          : null
    if (!result) return c.json({ error: 'unsupported_grant_type' }, 400)
    return c.json(result.body, result.ok ? 200 : 400, { 'Cache-Control': 'no-store' })
  })
}
