import { describe, expect, it } from 'vitest'
import { AppError } from '../bridge/errors'
import { INTERACTIVE_RETRY, withRetryLimits } from './retry-budget'
import { createTransport } from './transport'

describe('transport', () => {
  it('lets a burst of 10 start at once, then paces to one request per 100 ms', async () => {
    let clock = 0
    const waits: number[] = []
    const transport = createTransport({
      fetch: async () => new Response('{}'),
      now: () => clock,
      sleep: async (ms) => {
        waits.push(ms)
        clock += ms
      }
    })
    const send = () => transport.send({ method: 'GET', url: 'http://127.0.0.1:1/x' })
    await Promise.all(Array.from({ length: 12 }, send))
    // The 11th waits for the next token; by the time the 12th asks, that wait has moved the fake
    // clock on by 100 ms, so it too waits one interval: starts stay 100 ms apart after the burst.
    expect(waits).toEqual([100, 100])
    waits.length = 0
    // After a second of quiet the bucket is full again.
    clock += 1000
    await Promise.all(Array.from({ length: 10 }, send))
    expect(waits).toEqual([])
  })

  it('turns a cancelled wait into a Network error when closed', async () => {
    const transport = createTransport({
      fetch: async () => new Response('', { status: 429, headers: { 'Retry-After': '30' } })
    })
    const pending = transport.send({ method: 'GET', url: 'http://127.0.0.1:1/x' })
    await new Promise((resolve) => setTimeout(resolve, 20))
    transport.close()
    const error = await pending.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).message).toBe('The request was cancelled.')
  })

  it('refuses a body whose declared length is over the cap before reading it', async () => {
    const transport = createTransport({
      maxBodyBytes: 10,
      fetch: async () => new Response('x'.repeat(11), { headers: { 'Content-Length': '11' } })
    })
    await expect(transport.send({ method: 'GET', url: 'http://127.0.0.1:1/x' })).rejects.toThrow(
      'The server sent an answer the app could not read (the answer is larger than 1 KB).'
    )
  })

  it('sends writes one at a time, in order, and at most 60 starting in any minute', async () => {
    let clock = 0
    const waits: number[] = []
    const starts: { body: string; at: number }[] = []
    let open = 0
    let most = 0
    const transport = createTransport({
      minIntervalMs: 0,
      fetch: async (input) => {
        open++
        most = Math.max(most, open)
        starts.push({ body: await (input as Request).text(), at: clock })
        await new Promise((resolve) => setTimeout(resolve, 1))
        open--
        return new Response('{}')
      },
      now: () => clock,
      sleep: async (ms) => {
        waits.push(ms)
        clock += ms
      }
    })
    const put = (n: number) => transport.send({ method: 'PUT', url: 'http://127.0.0.1:1/x', json: { n } })
    await Promise.all(Array.from({ length: 61 }, (_, n) => put(n)))
    expect(most).toBe(1)
    expect(starts.map((s) => JSON.parse(s.body).n)).toEqual(Array.from({ length: 61 }, (_, n) => n))
    // The first 60 start at once (the fake clock stands still); the 61st a minute after the first.
    expect(waits).toEqual([60_000])
    expect(starts[60]!.at).toBe(60_000)
    // Reads are not held behind writes.
    await transport.send({ method: 'GET', url: 'http://127.0.0.1:1/x' })
    expect(waits).toEqual([60_000])
  })

  it('retries a failing call for ~15 s, but once only while a user waits on it (the outbox takes over)', async () => {
    let clock = 0
    const waits: number[] = []
    let calls = 0
    const transport = createTransport({
      minIntervalMs: 0,
      fetch: async () => {
        calls++
        return new Response('oops', { status: 503 })
      },
      now: () => clock,
      sleep: async (ms) => {
        waits.push(ms)
        clock += ms
      }
    })
    const put = () => transport.send({ method: 'PUT', url: 'http://127.0.0.1:1/x', json: {} })
    // The last answer is the caller's to turn into an error (client.ts).
    expect(await put()).toMatchObject({ status: 503, attempts: 5 })
    expect([calls, waits]).toEqual([5, [1000, 2000, 4000, 8000]])
    calls = 0
    waits.length = 0
    expect(await withRetryLimits(INTERACTIVE_RETRY, put)).toMatchObject({ status: 503, attempts: 2 })
    expect([calls, waits]).toEqual([2, [1000]])
    calls = 0
    waits.length = 0
    const get = () => transport.send({ method: 'GET', url: 'http://127.0.0.1:1/x' })
    expect(await withRetryLimits(INTERACTIVE_RETRY, get)).toMatchObject({ status: 503, attempts: 2 })
    expect([calls, waits]).toEqual([2, [1000]])
  })

  it("gives up on a silent server at the call chain's deadline when it is shorter", async () => {
    // A connection gone dead (the laptop slept): nothing answers until the attempt is aborted.
    const silent: typeof fetch = (input) =>
      new Promise((_, reject) => {
        const signal = (input as Request).signal
        signal.addEventListener('abort', () => reject(signal.reason as Error))
      })
    const transport = createTransport({ minIntervalMs: 0, timeoutMs: 60_000, fetch: silent })
    const put = () => transport.send({ method: 'PUT', url: 'http://127.0.0.1:1/x', json: {} })
    await expect(withRetryLimits({ maxAttempts: 1, timeoutMs: 2_000 }, put)).rejects.toThrow(
      'The Nexudus server at 127.0.0.1:1 did not answer within 2 seconds. Try again in a moment.'
    )
    transport.close()
  })
})
