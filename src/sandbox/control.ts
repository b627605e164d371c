/**
 * The sandbox's own knobs, in-process (`RunningSandbox.control`) and over HTTP under /__sandbox
 * (no auth, never logged): switches, reset, request and action logs, and edits by "someone else".
 */
import { z } from 'zod'
import { COLLEAGUE_EMAIL, DEMO_USERS } from './data/users'
import { updateOpportunity, type Editor } from './opportunities'
import type { WriteFailure } from './responses'
import {
  resetState,
  type ActionLogEntry,
  type RequestLogEntry,
  type SandboxState,
  type StateOptions
} from './state'
import { applySwitchesPatch, SwitchesPatch, type Switches } from './switches'
import { totpCode } from './totp'
import { view, viewCtx, type Rec } from './views'

export const ResetOptions = z.strictObject({
  preset: z.enum(['demo', 'large']).optional(),
  seed: z.number().int().optional(),
  anchor: z.union([z.string(), z.number()]).optional(),
  largeSize: z.number().int().min(0).max(5000).optional()
})

export type PatchOutcome =
  { ok: true; record: Rec } | { ok: false; status: 400; body: WriteFailure } | { ok: false; status: 404 }

export interface SandboxInfo {
  preset: string
  seed: number
  anchor: string
  users: typeof DEMO_USERS
  counts: Record<string, number>
}

export interface SandboxControl {
  readonly state: SandboxState
  info(): SandboxInfo
  switches(): Switches
  /** Throws a ZodError on an unknown switch or a bad value. */
  setSwitches(patch: SwitchesPatch): Switches
  /** Re-seeds and clears tokens, quotas, switches and both logs. Unset options keep their current value. */
  reset(options?: StateOptions): void
  requests(): RequestLogEntry[]
  clearRequests(): void
  actions(): ActionLogEntry[]
  clearActions(): void
  /** The stored record as the API would emit it, without auth and without a log entry. */
  getOpportunity(id: number): Rec | null
  /** A merge-style edit by a colleague: bumps UpdatedOn, writes history on a stage change. */
  patchOpportunity(id: number, fields: Rec): PatchOutcome
  /** Every access and refresh token issued since the last reset. */
  issuedTokens(): string[]
  /** The current code of the two-factor demo user. */
  totp(): { email: string; code: string; secondsLeft: number }
}

export function createControl(state: SandboxState): SandboxControl {
  const colleague = (): Editor => {
    const user = [...state.data.users.values()].find((u) => u.Email === COLLEAGUE_EMAIL)
    return { userId: user?.Id ?? null, email: COLLEAGUE_EMAIL, fullName: user?.FullName ?? null }
  }
  return {
    state,
    info: () => ({
      preset: state.preset,
      seed: state.seed,
      anchor: new Date(state.anchorMs).toISOString(),
      users: DEMO_USERS,
      counts: Object.fromEntries(Object.entries(state.data).map(([kind, table]) => [kind, table.size]))
    }),
    switches: () => state.switches,
    setSwitches(patch) {
      state.switches = applySwitchesPatch(state.switches, SwitchesPatch.parse(patch))
      return state.switches
    },
    reset(options = {}) {
      resetState(state, {
        preset: options.preset ?? state.preset,
        seed: options.seed ?? state.seed,
        anchor: options.anchor ?? state.anchorMs,
        largeSize: options.largeSize ?? state.largeSize
      })
    },
    requests: () => state.requests,
    clearRequests: () => void state.requests.splice(0),
    actions: () => state.actions,
    clearActions: () => void state.actions.splice(0),
    getOpportunity: (id) => view(viewCtx(state), 'opportunities', id, true),
    patchOpportunity(id, fields) {
      if (!state.data.opportunities.has(id)) return { ok: false, status: 404 }
      const outcome = updateOpportunity(state, { ...fields, Id: id }, colleague(), 'merge')
      if (!outcome.ok) return outcome
      return { ok: true, record: view(viewCtx(state), 'opportunities', id, true) ?? {} }
    },
    issuedTokens: () => [...state.issued],
    totp() {
      const now = Date.now()
      return {
        email: DEMO_USERS.twoFactor.email,
        code: totpCode(DEMO_USERS.twoFactor.totpSecret, now),
        secondsLeft: 30 - Math.floor((now / 1000) % 30)
      }
    }
  }
}
