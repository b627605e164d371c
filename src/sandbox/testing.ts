/** Helpers for the sandbox's own contract tests (and any other suite that wants them). */
import { DEMO_USERS } from './data/users'
import type { RunningSandbox } from './index'

export interface Reply<T = unknown> {
  status: number
  headers: Headers
  text: string
  json: T
}

export interface CallOptions {
  method?: string
  token?: string
  /** Sent as the Authorization header verbatim (e.g. a Basic credential). */
  authorization?: string
  body?: unknown
  headers?: Record<string, string>
}

export async function call<T = unknown>(
  base: string,
  path: string,
  options: CallOptions = {}
): Promise<Reply<T>> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers }
  if (options.token) headers.Authorization = `Bearer ${options.token}`
  if (options.authorization) headers.Authorization = options.authorization
  let body: string | undefined
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body)
    headers['Content-Type'] ??= 'application/json'
  }
  const response = await fetch(base + path, { method: options.method ?? 'GET', headers, body })
  const text = await response.text()
  let json: unknown = undefined
  try {
    json = text ? JSON.parse(text) : undefined
  } catch {
    json = undefined
  }
  return { status: response.status, headers: response.headers, text, json: json as T }
}

export interface TokenReply {
  access_token: string
  token_type: string
  expires_in: number
  refresh_token: string
  error?: string
  error_description?: string
}

export function tokenRequest(
  base: string,
  fields: Record<string, string>,
  clientId?: string
): Promise<Reply<TokenReply>> {
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' }
  if (clientId !== undefined) headers.client_id = clientId
  return call<TokenReply>(base, '/api/token', {
    method: 'POST',
    body: new URLSearchParams(fields).toString(),
    headers
  })
}

export async function signIn(
  base: string,
  user: { email: string; password: string } = DEMO_USERS.admin
): Promise<string> {
  const reply = await tokenRequest(base, {
    grant_type: 'password',
    username: user.email,
    password: user.password
  })
  if (reply.status !== 200) throw new Error(`sign-in failed: ${reply.text}`)
  return reply.json.access_token
}

export function basic(email: string, password: string): string {
  return `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}`
}

/** Fresh data, no quotas: most tests are about behaviour, not pacing. */
export function quietReset(
  sandbox: RunningSandbox,
  options: Parameters<RunningSandbox['control']['reset']>[0] = { preset: 'demo' }
): void {
  sandbox.control.reset(options)
  sandbox.control.setSwitches({ limits: null })
}

type Rec = Record<string, unknown> & { Id: number }

/** A signed-in view of the demo data for write tests. */
export async function workspace(base: string, token: string) {
  const all = async (path: string) =>
    (await call<{ Records: Rec[] }>(base, `${path}${path.includes('?') ? '&' : '?'}size=1000`, { token }))
      .json.Records
  const boards = await all('/api/crm/crmboards')
  const columns = await all('/api/crm/crmboardcolumns')
  const column = (boardName: string, columnName: string): Rec => {
    const board = boards.find((b) => b.Name === boardName)
    const found = columns.find((c) => c.CrmBoardId === board?.Id && c.Name === columnName)
    if (!found) throw new Error(`no stage ${boardName} / ${columnName}`)
    return found
  }
  const cardsIn = (col: Rec) => all(`/api/crm/crmopportunities?CrmOpportunity_CrmBoardColumn=${col.Id}`)
  const opportunity = async (id: number) =>
    (await call<Rec>(base, `/api/crm/crmopportunities/${id}`, { token })).json
  const put = (body: unknown) => call<Rec>(base, '/api/crm/crmopportunities', { method: 'PUT', token, body })
  const post = (body: unknown) =>
    call<Rec>(base, '/api/crm/crmopportunities', { method: 'POST', token, body })
  const historyOf = (id: number) =>
    all(`/api/crm/crmopportunityhistories?CrmOpportunityHistory_CrmOpportunity=${id}&orderBy=CreatedOn`)
  return { all, boards, columns, column, cardsIn, opportunity, put, post, historyOf }
}
