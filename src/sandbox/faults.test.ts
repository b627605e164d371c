import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startSandbox, type RunningSandbox } from './index'
import type { RequestLogEntry } from './state'
import { WriteEnvelope } from '../shared/nexudus'
import { defaultSwitches } from './switches'
import { call, signIn, tokenRequest } from './testing'

type Rec = Record<string, unknown> & { Id: number }
let sandbox: RunningSandbox
let url: string
let token: string
const GENERIC = { Message: 'Ooops! There was a problem while running this action...' }

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true })
  url = sandbox.url
})
afterAll(() => sandbox.close())
beforeEach(async () => {
  sandbox.control.reset({ preset: 'demo' })
  token = await signIn(url)
})

const boards = (t = token) => call(url, '/api/crm/crmboards', { token: t })
const switches = (patch: unknown) =>
  call<Record<string, unknown>>(url, '/__sandbox/switches', { method: 'POST', body: patch })
const requests = async () => (await call<RequestLogEntry[]>(url, '/__sandbox/requests')).json
async function someCard(): Promise<Rec> {
  const page = await call<{ Records: Rec[] }>(url, '/api/crm/crmopportunities?size=1', { token })
  return (await call<Rec>(url, `/api/crm/crmopportunities/${page.json.Records[0]!.Id}`, { token })).json
}
const put = (body: unknown, t = token) =>
  call(url, '/api/crm/crmopportunities', { method: 'PUT', token: t, body })

describe('throttling', () => {
  it('starts with the documented quotas on (10 reads per 100 ms, 60 writes a minute)', async () => {
    expect((await call(url, '/__sandbox/switches')).json).toEqual(defaultSwitches())
    expect(defaultSwitches().limits).toEqual({
      reads: { max: 10, windowMs: 100 },
      writes: { max: 60, windowMs: 60_000 }
    })
    const burst = await Promise.all(Array.from({ length: 40 }, () => boards()))
    expect(burst.some((r) => r.status === 429)).toBe(true)
  })

  it('answers a read over quota with 429, Retry-After and "Wait N seconds", per token', async () => {
    await switches({ limits: { reads: { max: 10, windowMs: 1000 } } })
    const replies = await Promise.all(Array.from({ length: 16 }, () => boards()))
    const throttled = replies.filter((r) => r.status === 429)
    expect(replies.filter((r) => r.status === 200).length).toBe(10)
    expect(throttled.length).toBe(6)
    for (const reply of throttled) {
      expect(reply.headers.get('retry-after')).toBe('1')
      expect(reply.text).toBe('You must wait before accessing this url again. Wait 1 seconds')
    }
    expect((await boards(await signIn(url))).status).toBe(200)
  })

  it('limits writes per token per window, telling how long to wait', async () => {
    await switches({ limits: { reads: null, writes: { max: 3, windowMs: 60_000 } } })
    const card = await someCard()
    for (let i = 0; i < 3; i++) expect((await put(card)).status).toBe(200)
    const fourth = await put(card)
    expect(fourth.status).toBe(429)
    const wait = Number(fourth.headers.get('retry-after'))
    expect(wait).toBeGreaterThanOrEqual(59)
    expect(wait).toBeLessThanOrEqual(60)
    expect(fourth.text).toBe(`You must wait before accessing this url again. Wait ${wait} seconds`)
    expect((await boards()).status).toBe(200)
    const other = await signIn(url)
    expect((await put(card, other)).status).toBe(200)
  })

  it('answers the documented 409 with an empty body and Retry-After: 1 when asked', async () => {
    await switches({ throttleStatus: 409, limits: { writes: { max: 0, windowMs: 1000 } } })
    const reply = await put(await someCard())
    expect(reply.status).toBe(409)
    expect(reply.text).toBe('')
    expect(reply.headers.get('retry-after')).toBe('1')
  })

  it('switches quotas off with limits: null', async () => {
    await switches({ limits: null })
    const replies = await Promise.all(Array.from({ length: 30 }, () => boards()))
    expect(replies.every((r) => r.status === 200)).toBe(true)
  })

  it('forces the next N matching requests to be throttled (throttleNext)', async () => {
    await switches({ limits: null, throttleNext: { count: 2, method: 'put', retryAfter: 7 } })
    expect((await boards()).status).toBe(200)
    const card = await someCard()
    const first = await put(card)
    expect(first.status).toBe(429)
    expect(first.headers.get('retry-after')).toBe('7')
    expect(first.text).toBe('You must wait before accessing this url again. Wait 7 seconds')
    expect((await put(card)).status).toBe(429)
    expect((await put(card)).status).toBe(200)
    expect((await call(url, '/__sandbox/switches')).json).toMatchObject({ throttleNext: null })
  })
})

describe('fault injection', () => {
  beforeEach(() => sandbox.control.setSwitches({ limits: null }))

  it('failNext answers the generic 500 to the next N matching requests', async () => {
    expect((await switches({ failNext: 2 })).json.failNext).toEqual({ count: 2 })
    for (let i = 0; i < 2; i++) {
      const reply = await boards()
      expect(reply.status).toBe(500)
      expect(reply.json).toEqual(GENERIC)
    }
    expect((await boards()).status).toBe(200)

    await switches({ failNext: { count: 1, method: 'PUT', path: '/api/crm/crmopportunities' } })
    expect((await boards()).status).toBe(200)
    const card = await someCard()
    expect((await put(card)).status).toBe(500)
    expect((await put(card)).status).toBe(200)
  })

  it('rejectNext answers 200 with WasSuccessful:false and does not apply the write', async () => {
    const card = await someCard()
    expect((await switches({ rejectNext: 1 })).json.rejectNext).toEqual({ count: 1 })
    const refused = await put({ ...card, Name: 'Never stored' })
    expect(refused.status).toBe(200)
    expect(refused.json).toEqual({
      Status: 200,
      Message: 'The opportunity could not be saved.',
      Value: null,
      Errors: null,
      WasSuccessful: false
    })
    expect(WriteEnvelope.parse(refused.json).WasSuccessful).toBe(false)
    expect(sandbox.control.getOpportunity(card.Id)).toEqual(card)

    await switches({
      rejectNext: { count: 1, method: 'DELETE', message: 'You must delete all proposals first.' }
    })
    expect((await put(card)).json).toMatchObject({ WasSuccessful: true })
    const deleted = await call(url, `/api/crm/crmopportunities/${card.Id}`, { method: 'DELETE', token })
    expect(deleted.status).toBe(200)
    expect(deleted.json).toMatchObject({
      Message: 'You must delete all proposals first.',
      WasSuccessful: false
    })
    expect(sandbox.control.getOpportunity(card.Id)).not.toBeNull()
    expect((await call(url, '/__sandbox/switches')).json).toMatchObject({ rejectNext: null })
    expect((await requests()).filter((r) => r.method === 'DELETE').map((r) => r.status)).toEqual([200])
  })

  it('refuseStages refuses a PUT moving a card into such a stage, and only that', async () => {
    const card = await someCard()
    const home = card.CrmBoardColumnId as number
    const other = [...sandbox.control.state.data.columns.values()].find(
      (c) => c.CrmBoardId === sandbox.control.state.data.columns.get(home)?.CrmBoardId && c.Id !== home
    )!.Id
    await switches({ refuseStages: { columnIds: [other] } })
    const refused = await put({ ...card, CrmBoardColumnId: other })
    expect(refused.status).toBe(200)
    expect(refused.json).toMatchObject({
      Message: 'Opportunities cannot be moved into this stage.',
      WasSuccessful: false
    })
    expect(sandbox.control.getOpportunity(card.Id)).toEqual(card)
    // An edit of a card where it is, or a move into any other stage, goes through.
    expect((await put({ ...card, Name: 'Still editable' })).json).toMatchObject({ WasSuccessful: true })
    await switches({ refuseStages: { columnIds: [home], message: 'No going back.' } })
    const moved = await put({ ...sandbox.control.getOpportunity(card.Id)!, CrmBoardColumnId: other })
    expect(moved.json).toMatchObject({ WasSuccessful: true })
    const back = await put({ ...sandbox.control.getOpportunity(card.Id)!, CrmBoardColumnId: home })
    expect(back.json).toMatchObject({ Message: 'No going back.', WasSuccessful: false })
    expect(sandbox.control.getOpportunity(card.Id)?.CrmBoardColumnId).toBe(other)
  })

  it('throttleRate throttles that share of requests, with Retry-After', async () => {
    sandbox.control.setSwitches({ throttleRate: 1 })
    const throttled = await boards()
    expect(throttled.status).toBe(429)
    expect(throttled.headers.get('retry-after')).toBe('1')
    sandbox.control.setSwitches({ throttleRate: 0.5 })
    const statuses = await Promise.all(Array.from({ length: 40 }, () => boards().then((r) => r.status)))
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(5)
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(5)
    sandbox.control.setSwitches({ throttleRate: 0 })
  })

  it('failRate fails that share of requests', async () => {
    sandbox.control.setSwitches({ failRate: 1 })
    expect((await boards()).status).toBe(500)
    expect((await tokenRequest(url, { grant_type: 'password', username: 'x', password: 'y' })).status).toBe(
      500
    )
    sandbox.control.setSwitches({ failRate: 0.5 })
    const statuses = await Promise.all(Array.from({ length: 40 }, async () => (await boards()).status))
    expect(statuses.filter((s) => s === 500).length).toBeGreaterThan(5)
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(5)
  })

  it('dropNext closes the connection without an answer (a network error), logged as status 0', async () => {
    sandbox.control.setSwitches({ dropNext: { count: 1, path: '/api/crm/crmboards' } })
    await expect(boards()).rejects.toThrow(TypeError)
    expect((await boards()).status).toBe(200)
    const log = await requests()
    expect(log.filter((r) => r.path === '/api/crm/crmboards').map((r) => r.status)).toEqual([0, 200])
  })

  it('outage fails every /api request at the network level until switched off; the control API still answers', async () => {
    await switches({ outage: true })
    await expect(boards()).rejects.toThrow(TypeError)
    await expect(tokenRequest(url, { grant_type: 'password' })).rejects.toThrow(TypeError)
    expect((await switches({ outage: false })).status).toBe(200)
    expect((await boards()).status).toBe(200)
  })

  it('adds latency, fixed or within a range', async () => {
    sandbox.control.setSwitches({ latencyMs: 300 })
    let started = performance.now()
    await boards()
    expect(performance.now() - started).toBeGreaterThanOrEqual(290)
    sandbox.control.setSwitches({ latencyMs: { min: 150, max: 200 } })
    started = performance.now()
    await boards()
    expect(performance.now() - started).toBeGreaterThanOrEqual(140)
    sandbox.control.setSwitches({ latencyMs: 0 })
  })
})

describe('control API', () => {
  it('logs /api requests (method, path, query, status, at) and clears the log', async () => {
    await call(url, '/__sandbox/requests', { method: 'DELETE' })
    await call(url, '/api/crm/crmopportunities?size=2&CrmOpportunity_Status=1', { token })
    await call(url, '/api/crm/crmboards/1', { token })
    const log = await requests()
    expect(log).toEqual([
      {
        method: 'GET',
        path: '/api/crm/crmopportunities',
        query: { size: '2', CrmOpportunity_Status: '1' },
        status: 200,
        at: expect.any(String)
      },
      { method: 'GET', path: '/api/crm/crmboards/1', query: {}, status: 404, at: expect.any(String) }
    ])
    expect(Number.isNaN(Date.parse(log[0]!.at))).toBe(false)
    expect((await call(url, '/__sandbox/requests', { method: 'DELETE' })).status).toBe(204)
    expect(await requests()).toEqual([])
  })

  it('rejects unknown switches and bad values', async () => {
    expect((await switches({ nope: true })).status).toBe(400)
    expect((await switches({ failRate: 2 })).status).toBe(400)
    expect((await switches({ putMode: 'patch' })).status).toBe(400)
    expect(() => sandbox.control.setSwitches({ throttleStatus: 418 as 429 })).toThrow()
  })

  it('merges limits patches and returns the whole switch set', async () => {
    const reply = await switches({ limits: { reads: null } })
    expect(reply.json.limits).toEqual({ reads: null, writes: { max: 60, windowMs: 60_000 } })
  })

  it('reset re-seeds and clears tokens, switches and the request log (bodyless POST works)', async () => {
    const card = await someCard()
    await put({ ...card, Name: 'Changed' })
    await switches({ failRate: 0.2, putMode: 'merge' })
    const reset = await fetch(`${url}/__sandbox/reset`, { method: 'POST', body: '{}' })
    expect(reset.status).toBe(200)
    expect((await call(url, '/__sandbox/switches')).json).toEqual(defaultSwitches())
    expect(await requests()).toEqual([])
    expect((await boards()).status).toBe(401)
    token = await signIn(url)
    expect((await call<Rec>(url, `/api/crm/crmopportunities/${card.Id}`, { token })).json.Name).toBe(
      card.Name
    )
    expect((await fetch(`${url}/__sandbox/reset`, { method: 'POST' })).status).toBe(200)
    expect((await call(url, '/__sandbox/reset', { method: 'POST', body: { preset: 'huge' } })).status).toBe(
      400
    )
  })

  it('reset with another seed gives other data; the same seed gives the same data', async () => {
    const ids = async () => {
      const t = await signIn(url)
      return (
        await call<{ Records: Rec[] }>(url, '/api/crm/crmopportunities?size=5', { token: t })
      ).json.Records.map((r) => r.Id)
    }
    const original = await ids()
    await call(url, '/__sandbox/reset', { method: 'POST', body: { seed: 7 } })
    const seven = await ids()
    expect(seven).not.toEqual(original)
    expect((await call<{ seed: number }>(url, '/__sandbox')).json.seed).toBe(7)
    await call(url, '/__sandbox/reset', { method: 'POST', body: { seed: 7 } })
    expect(await ids()).toEqual(seven)
  })

  it('serves the raw stored opportunity without auth or a log entry', async () => {
    const card = await someCard()
    await call(url, '/__sandbox/requests', { method: 'DELETE' })
    const raw = await call<Rec>(url, `/__sandbox/crm/crmopportunities/${card.Id}`)
    expect(raw.json).toEqual(card)
    expect((await call(url, '/__sandbox/crm/crmopportunities/5')).status).toBe(404)
    expect(await requests()).toEqual([])
  })
})
