import { describe, expect, it } from 'vitest'
import { AppError } from '../bridge/errors'
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
})
