import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { CrmBoard } from '../../shared/nexudus'
import { AppError } from '../bridge/errors'
import { page } from '../testing/fake-nexudus'
import { createWorld, type World } from '../testing/world'

const BOARDS = '/api/crm/crmboards'
const OPPS = '/api/crm/crmopportunities'
const board = (id: number, extra: Record<string, unknown> = {}) => ({
  Id: id,
  BusinessId: 7,
  Name: `Board ${id}`,
  ...extra
})
const boards = (n: number) => Array.from({ length: n }, (_, i) => board(i + 1))

/** The AppError a promise rejects with (fails the test if it resolves or throws something else). */
async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e
  )
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`)
  return error
}

let w: World
beforeEach(async () => {
  w = await createWorld()
  await w.signIn()
  w.fake.route('GET', BOARDS, (r) => ({
    body: page(boards(3), Number(r.query.get('page') ?? 1), Number(r.query.get('size') ?? 25))
  }))
  w.fake.route('GET', `${BOARDS}/1`, () => ({ body: board(1) }))
})
afterEach(() => w.close())

describe('requests', () => {
  it('sends Accept: application/json and the bearer token, and validates the answer', async () => {
    const result = await w.client.list(BOARDS, CrmBoard, { CrmBoard_Business: 7 })
    expect(result.Records.map((b) => b.Id)).toEqual([1, 2, 3])
    const [call] = w.fake.calls('GET', BOARDS)
    expect(call?.headers.accept).toBe('application/json')
    expect(call?.headers.authorization).toMatch(/^Bearer AT-/)
    expect(call?.query.get('CrmBoard_Business')).toBe('7')
  })

  it('gets one record by id', async () => {
    expect((await w.client.get(BOARDS, 1, CrmBoard)).Name).toBe('Board 1')
  })

  it('never sends the token to another origin, whatever the path says', async () => {
    const error = await failure(w.client.list('//evil.example/api/crm/crmboards', CrmBoard))
    expect(error.kind).toBe('Unauthorized')
    expect(w.fake.requests.filter((r) => r.path.includes('evil'))).toHaveLength(0)
  })

  it('refuses to call while signed out', async () => {
    await w.session.signOut()
    expect((await failure(w.client.list(BOARDS, CrmBoard))).message).toBe('Please sign in first.')
  })
})

describe('throttling (409 and 429 alike)', () => {
  it.each([409, 429])('waits Retry-After seconds on %i, then succeeds', async (status) => {
    w.fake.script(
      'GET',
      BOARDS,
      { status, headers: { 'Retry-After': '2' } },
      { status, headers: { 'Retry-After': '1' } }
    )
    const result = await w.client.list(BOARDS, CrmBoard)
    expect(result.Records).toHaveLength(3)
    expect(w.sleeps).toEqual([2000, 1000])
    expect(w.fake.calls('GET', BOARDS)).toHaveLength(3)
  })

  it('honours Retry-After as an HTTP date', async () => {
    const at = new Date(w.clock.now + 3000).toUTCString()
    w.fake.script('GET', BOARDS, { status: 429, headers: { 'Retry-After': at } })
    await w.client.list(BOARDS, CrmBoard)
    expect(w.sleeps).toEqual([3000])
  })

  it('reads "Wait N seconds" from the body when there is no header, else backs off from 1 s', async () => {
    w.fake.script('GET', BOARDS, { status: 429, raw: 'Wait 4 seconds' }, { status: 409 }, { status: 409 })
    await w.client.list(BOARDS, CrmBoard)
    expect(w.sleeps).toEqual([4000, 2000, 4000])
  })

  it('gives up with RateLimited after the attempt limit', async () => {
    w.fake.script(
      'GET',
      BOARDS,
      ...Array.from({ length: 5 }, () => ({ status: 409, headers: { 'Retry-After': '1' } }))
    )
    const error = await failure(w.client.list(BOARDS, CrmBoard))
    expect(error.kind).toBe('RateLimited')
    expect(error.detail.retryAfterSeconds).toBe(1)
    expect(error.message).toMatch(/Try again in 1 second\./)
    expect(w.fake.calls('GET', BOARDS)).toHaveLength(5)
  })

  it('does not wait an hour when told to: RateLimited at once, with the wait', async () => {
    w.fake.script('GET', BOARDS, { status: 429, headers: { 'Retry-After': '3600' } })
    const error = await failure(w.client.list(BOARDS, CrmBoard))
    expect(error.kind).toBe('RateLimited')
    expect(error.detail.retryAfterSeconds).toBe(3600)
    expect(w.sleeps).toEqual([])
  })

  it('repeats a throttled POST, which the server refused before running it', async () => {
    w.fake.script(
      'POST',
      OPPS,
      { status: 429, headers: { 'Retry-After': '1' } },
      { body: { WasSuccessful: true, Value: { Id: 9 } } }
    )
    expect((await w.client.post(OPPS, { CoworkerId: 1 })).id).toBe(9)
  })
})

describe('transient failures', () => {
  it('retries a GET after a 500 with backoff', async () => {
    w.fake.script('GET', BOARDS, { status: 500, body: { Message: 'Ooops!' } }, { status: 503 })
    expect((await w.client.list(BOARDS, CrmBoard)).Records).toHaveLength(3)
    expect(w.sleeps).toEqual([1000, 2000])
  })

  it('never retries a POST after a 500, and shows the server message', async () => {
    w.fake.script('POST', OPPS, {
      status: 500,
      body: { Message: 'Ooops! There was a problem while running this action.' }
    })
    const error = await failure(w.client.post(OPPS, { CoworkerId: 1 }))
    expect(error.kind).toBe('Server')
    expect(error.message).toBe('Ooops! There was a problem while running this action.')
    expect(w.fake.calls('POST', OPPS)).toHaveLength(1)
  })

  it('turns a dropped connection into Network after retrying a GET', async () => {
    w.fake.script('GET', BOARDS, ...Array.from({ length: 5 }, () => ({ destroy: true })))
    const error = await failure(w.client.list(BOARDS, CrmBoard))
    expect(error.kind).toBe('Network')
    expect(error.message).toBe(
      `Cannot reach the Nexudus server at ${new URL(w.fake.url).host}. Check your connection and try again.`
    )
    expect(w.fake.calls('GET', BOARDS)).toHaveLength(5)
  })

  it('does not retry a POST whose connection dropped', async () => {
    w.fake.script('POST', OPPS, { destroy: true })
    expect((await failure(w.client.post(OPPS, {}))).kind).toBe('Network')
    expect(w.fake.calls('POST', OPPS)).toHaveLength(1)
  })

  it('gives up on a server that does not answer in time', async () => {
    const slow = await createWorld({ transport: { timeoutMs: 50, retry: { maxAttempts: 1 } } })
    try {
      await slow.signIn()
      slow.fake.route('GET', BOARDS, () => ({ delayMs: 500, body: page([], 1, 25) }))
      const error = await failure(slow.client.list(BOARDS, CrmBoard))
      expect(error.kind).toBe('Network')
      expect(error.message).toMatch(/did not answer within/)
    } finally {
      await slow.close()
    }
  })

  it('reports an unreachable server as Network', async () => {
    await w.fake.close()
    const error = await failure(w.client.list(BOARDS, CrmBoard))
    expect(error.kind).toBe('Network')
  })
})

describe('answers the app cannot read', () => {
  const cases = [
    [
      'wrong types',
      {
        body: {
          Records: [{ Id: 'one', BusinessId: 7, Name: 'x' }],
          CurrentPage: 1,
          TotalItems: 1,
          TotalPages: 1
        }
      },
      /Records\.0\.Id/
    ],
    ['an HTML page', { raw: '<!doctype html><html><body>Sign in</body></html>' }, /not JSON/],
    ['truncated JSON', { raw: '{"Records":[{"Id":1,"Busi' }, /not JSON/],
    ['an empty body', { raw: '' }, /empty answer/]
  ] as const

  it.each(cases)(
    'turns %s into a Server error, and the next call still works',
    async (_name, reply, reason) => {
      w.fake.script('GET', BOARDS, reply)
      const error = await failure(w.client.list(BOARDS, CrmBoard))
      expect(error.kind).toBe('Server')
      expect(error.message).toMatch(/^The server sent an answer the app could not read \(/)
      expect(error.message).toMatch(reason)
      expect((await w.client.list(BOARDS, CrmBoard)).Records).toHaveLength(3)
    }
  )

  it('refuses a body larger than the cap without buffering it', async () => {
    const small = await createWorld({ transport: { maxBodyBytes: 1000 } })
    try {
      await small.signIn()
      small.fake.route('GET', BOARDS, () => ({ body: page(boards(100), 1, 100) }))
      const error = await failure(small.client.list(BOARDS, CrmBoard))
      expect(error.kind).toBe('Server')
      expect(error.message).toMatch(/could not read \(the answer is larger than/)
    } finally {
      await small.close()
    }
  })

  it('shows the message of a 200 that is really a failed envelope', async () => {
    w.fake.script('GET', BOARDS, { body: { WasSuccessful: false, Message: 'Board is locked.' } })
    expect((await failure(w.client.list(BOARDS, CrmBoard))).message).toBe('Board is locked.')
  })
})

describe('writes', () => {
  it('reads only Value.Id from a successful write', async () => {
    w.fake.script('PUT', OPPS, {
      body: {
        Status: 200,
        Message: 'CrmOpportunity was successfully updated.',
        Value: { Id: 5, Name: 'ignored' },
        WasSuccessful: true
      }
    })
    expect(await w.client.put(OPPS, { Id: 5 })).toEqual({
      id: 5,
      message: 'CrmOpportunity was successfully updated.'
    })
    const [call] = w.fake.calls('PUT', OPPS)
    expect(JSON.parse(call?.body ?? '')).toEqual({ Id: 5 })
    expect(call?.headers['content-type']).toMatch(/^application\/json/)
  })

  it('treats HTTP 200 with WasSuccessful:false as a failure', async () => {
    w.fake.script('DELETE', `${OPPS}/4`, {
      body: { Message: 'You must delete all histories first.', WasSuccessful: false }
    })
    const refused = await failure(w.client.del(OPPS, 4))
    expect(refused.kind).toBe('Server')
    expect(refused.message).toBe('You must delete all histories first.')

    w.fake.script('PUT', OPPS, {
      body: {
        Message: 'Status: is required',
        Errors: [{ PropertyName: 'Status', Message: 'is required' }],
        WasSuccessful: false
      }
    })
    const invalid = await failure(w.client.put(OPPS, { Id: 4 }))
    expect(invalid.kind).toBe('Validation')
    expect(invalid.detail.fields).toEqual({ Status: 'is required' })
  })

  it('maps a 400 envelope to Validation with the fields', async () => {
    w.fake.script('POST', OPPS, {
      status: 400,
      body: {
        Message: 'CoworkerId: is a required field',
        Value: null,
        Errors: [
          { AttemptedValue: null, Message: 'is a required field', PropertyName: 'CoworkerId' },
          { AttemptedValue: null, Message: 'must be positive', PropertyName: 'Position' }
        ],
        WasSuccessful: false
      }
    })
    const error = await failure(w.client.post(OPPS, {}))
    expect(error.toBridge()).toEqual({
      kind: 'Validation',
      message: 'CoworkerId: is a required field',
      fields: { CoworkerId: 'is a required field', Position: 'must be positive' }
    })
  })

  it('maps 403 to Forbidden naming the role', async () => {
    w.fake.script('PUT', OPPS, { status: 403 })
    const error = await failure(w.client.put(OPPS, { Id: 1 }))
    expect(error.kind).toBe('Forbidden')
    expect(error.message).toBe(
      'You do not have permission to do this in Nexudus (role CrmOpportunity-Edit). Ask a Nexudus administrator for access.'
    )
  })

  it('maps 404 to NotFound, but a 404 on a retried DELETE means already gone', async () => {
    w.fake.script('GET', `${OPPS}/8`, { status: 404, body: 'Not found' })
    expect((await failure(w.client.get(OPPS, 8, z.object({ Id: z.number() })))).kind).toBe('NotFound')

    w.fake.script('DELETE', `${OPPS}/8`, { status: 502 }, { status: 404, body: 'Not found' })
    expect(await w.client.del(OPPS, 8)).toEqual({ id: 8, message: null, gone: true })

    w.fake.script('DELETE', `${OPPS}/9`, { status: 404, body: 'Not found' })
    expect((await failure(w.client.del(OPPS, 9))).kind).toBe('NotFound')
  })
})

describe('listAll', () => {
  it('pages with page/size until TotalPages, in order, reporting progress', async () => {
    const all = boards(23)
    w.fake.route('GET', BOARDS, (r) => ({
      body: page(all, Number(r.query.get('page')), Number(r.query.get('size')))
    }))
    const progress: number[] = []
    const result = await w.client.listAll(
      BOARDS,
      CrmBoard,
      { CrmBoard_Business: 7 },
      { size: 5, onProgress: (p) => progress.push(p.loaded) }
    )
    expect(result.map((b) => b.Id)).toEqual(all.map((b) => b.Id))
    const calls = w.fake.calls('GET', BOARDS)
    expect(calls.map((c) => Number(c.query.get('page'))).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5])
    expect(calls.every((c) => c.query.get('size') === '5' && c.query.get('CrmBoard_Business') === '7')).toBe(
      true
    )
    expect(progress.at(-1)).toBe(23)
  })

  it('never asks for more than 1000 per page', async () => {
    await w.client.listAll(BOARDS, CrmBoard, {}, { size: 5000 })
    expect(w.fake.calls('GET', BOARDS)[0]?.query.get('size')).toBe('1000')
  })

  it('keeps at most `concurrency` pages in flight', async () => {
    const all = boards(40)
    let inFlight = 0
    let peak = 0
    w.fake.route('GET', BOARDS, async (r) => {
      inFlight++
      peak = Math.max(peak, inFlight)
      await new Promise((resolve) => setTimeout(resolve, 20))
      inFlight--
      return { body: page(all, Number(r.query.get('page')), Number(r.query.get('size'))) }
    })
    const result = await w.client.listAll(BOARDS, CrmBoard, {}, { size: 2, concurrency: 3 })
    expect(result).toHaveLength(40)
    expect(peak).toBe(3)
  })

  it('drops a record seen twice when pages shift under it', async () => {
    w.fake.script(
      'GET',
      BOARDS,
      { body: { ...page(boards(4), 1, 2) } },
      { body: { ...page([board(2), board(3)], 1, 2), CurrentPage: 2 } }
    )
    const result = await w.client.listAll(BOARDS, CrmBoard, {}, { size: 2 })
    expect(result.map((b) => b.Id)).toEqual([1, 2, 3])
  })
})
