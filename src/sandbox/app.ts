/** Wires the Hono app: control API, the fault/auth gates in front of /api, token and resources. */
import { Hono } from 'hono'
import { createControl, type SandboxControl } from './control'
import { authGate, faultGate, type SandboxEnv } from './gate'
import { GENERIC_ERROR, NOT_FOUND } from './responses'
import { registerApi } from './routes/api'
import { registerControl } from './routes/control'
import { registerToken } from './routes/token'
import type { SandboxState } from './state'

export function createSandboxApp(state: SandboxState): { app: Hono<SandboxEnv>; control: SandboxControl } {
  const control = createControl(state)
  const app = new Hono<SandboxEnv>({ strict: false })
  registerControl(app, control)
  app.use('/api/*', faultGate(state))
  app.use('/api/*', authGate(state))
  registerToken(app, state)
  registerApi(app, state)
  app.notFound((c) => c.json(NOT_FOUND, 404))
  app.onError((error, c) => {
    if (!state.switches.outage) console.error('sandbox: unhandled error', error)
    return c.json(GENERIC_ERROR, 500)
  })
  return { app, control }
}
