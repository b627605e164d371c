/**
 * A Nexudus-compatible CRM server on 127.0.0.1: the demo workspace, the e2e backend and the
 * benchmark backend. Behaviour follows shared/nexudus-crm-api.md §12–13 ("stand-in default").
 */
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createAdaptorServer } from '@hono/node-server'
import { createSandboxApp } from './app'
import type { SandboxControl } from './control'
import type { Preset } from './data/seed'
import { createState } from './state'

export { createSandboxApp } from './app'
export type { SandboxControl, SandboxInfo } from './control'
export { DEMO_USERS } from './data/users'
export type { Preset } from './data/seed'
export { createState, resetState, type SandboxState, type StateOptions } from './state'
export type { Switches, SwitchesPatch, Trigger, Quota } from './switches'
export { totpCode } from './totp'

export interface SandboxOptions {
  /** 0 or undefined: a random free port. */
  port?: number
  /** Default '127.0.0.1'. */
  host?: string
  /** large: adds a business whose one board holds 5,000 opportunities in 8 stages. */
  preset?: Preset
  seed?: number
  /** Seed times are relative to this (ISO date or ms). Default: today's UTC midnight. */
  anchor?: string | number
  /** Opportunities on the large preset's board (default 5,000). */
  largeSize?: number
  quiet?: boolean
}

export interface RunningSandbox {
  /** 'http://127.0.0.1:PORT', no trailing slash. */
  url: string
  port: number
  close(): Promise<void>
  control: SandboxControl
  /** Every access and refresh token issued since the last reset (for token-leak tests). */
  issuedTokens(): string[]
}

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const host = options.host ?? '127.0.0.1'
  const state = createState({
    preset: options.preset,
    seed: options.seed,
    anchor: options.anchor,
    largeSize: options.largeSize
  })
  const { app, control } = createSandboxApp(state)
  const server = createAdaptorServer({ fetch: app.fetch }) as Server
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  if (!options.quiet) console.log(`Nexudus sandbox (${state.preset}) listening on ${url}`)
  return {
    url,
    port,
    control,
    issuedTokens: () => control.issuedTokens(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      })
  }
}
