import { describe, expect, it, vi } from 'vitest'
import { createDemoWorkspace, type DemoServer } from './demo'

const server = (n: number): DemoServer => ({
  url: `http://127.0.0.1:${4000 + n}`,
  email: 'admin@demo.example',
  password: 'demo',
  close: vi.fn(async () => {})
})

describe('demo workspace', () => {
  it('starts once and reuses the running server, even for concurrent callers', async () => {
    let n = 0
    const start = vi.fn(async () => server(++n))
    const demo = createDemoWorkspace(start)
    const [a, b] = await Promise.all([demo.ensure(), demo.ensure()])
    const c = await demo.ensure()
    expect(start).toHaveBeenCalledTimes(1)
    expect(a).toBe(b)
    expect(c).toBe(a)
  })

  it('tries again after a failed start', async () => {
    const start = vi.fn().mockRejectedValueOnce(new Error('port in use')).mockResolvedValueOnce(server(1))
    const demo = createDemoWorkspace(start)
    await expect(demo.ensure()).rejects.toThrow('port in use')
    expect((await demo.ensure()).url).toBe('http://127.0.0.1:4001')
  })

  it('closes the running server, and a later ensure starts a new one', async () => {
    let n = 0
    const started: DemoServer[] = []
    const demo = createDemoWorkspace(async () => {
      const s = server(++n)
      started.push(s)
      return s
    })
    await demo.ensure()
    await demo.close()
    expect(started[0]?.close).toHaveBeenCalledTimes(1)
    await demo.close()
    expect((await demo.ensure()).url).toBe('http://127.0.0.1:4002')
  })
})
