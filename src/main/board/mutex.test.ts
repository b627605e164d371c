import { describe, expect, it } from 'vitest'
import { KeyedMutex } from './mutex'

function deferred() {
  let resolve!: () => void
  const promise = new Promise<void>((r) => (resolve = r))
  return { promise, resolve }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('KeyedMutex', () => {
  it('runs tasks sharing a key one after another, in arrival order', async () => {
    const mutex = new KeyedMutex()
    const gate = deferred()
    const order: string[] = []
    const first = mutex.run(['card:1'], async () => {
      order.push('first start')
      await gate.promise
      order.push('first end')
    })
    const second = mutex.run(['card:1'], async () => {
      order.push('second')
    })
    await tick()
    expect(order).toEqual(['first start'])
    gate.resolve()
    await Promise.all([first, second])
    expect(order).toEqual(['first start', 'first end', 'second'])
  })

  it('lets tasks with disjoint keys run at the same time', async () => {
    const mutex = new KeyedMutex()
    const gate = deferred()
    const blocked = mutex.run(['a'], () => gate.promise)
    let ran = false
    await mutex.run(['b'], async () => {
      ran = true
    })
    expect(ran).toBe(true)
    gate.resolve()
    await blocked
  })

  it('waits for every earlier holder of any of its keys, whatever the key order', async () => {
    const mutex = new KeyedMutex()
    const a = deferred()
    const b = deferred()
    const order: string[] = []
    const one = mutex.run(['a'], async () => {
      await a.promise
      order.push('a')
    })
    const two = mutex.run(['b'], async () => {
      await b.promise
      order.push('b')
    })
    const both = mutex.run(['b', 'a', 'b'], async () => {
      order.push('both')
    })
    const reversed = mutex.run(['a', 'b'], async () => {
      order.push('reversed')
    })
    b.resolve()
    await tick()
    expect(order).toEqual(['b'])
    a.resolve()
    await Promise.all([one, two, both, reversed])
    expect(order).toEqual(['b', 'a', 'both', 'reversed'])
  })

  it('passes results and errors through, releases after a failure and forgets idle keys', async () => {
    const mutex = new KeyedMutex()
    const failed = mutex.run([1], async () => {
      throw new Error('boom')
    })
    const next = mutex.run([1], async () => 42)
    await expect(failed).rejects.toThrow('boom')
    expect(await next).toBe(42)
    expect(mutex.size).toBe(0)
  })
})
