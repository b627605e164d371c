import { describe, expect, it, vi } from 'vitest'
import type { StageEntry } from './insights'
import { createStageTimes, STAGE_TIMES_TTL_MS } from './stage-times'

const entry = (id: number, columnId: number, since = '2026-11-01T09:00:00Z'): StageEntry => ({
  id,
  columnId,
  since
})

function setup(answers: Array<StageEntry[] | Error>) {
  let now = 1_000_000
  const read = vi.fn(async () => {
    const next = answers.shift()
    if (!next) throw new Error('no more answers')
    if (next instanceof Error) throw next
    return next
  })
  const times = createStageTimes(read, () => now)
  return { times, read, advance: (ms: number) => (now += ms) }
}

describe('stage times kept per board', () => {
  it('reads a board once within the time kept, then again', async () => {
    const { times, read, advance } = setup([[entry(1, 10)], [entry(1, 11)]])
    const [a, b] = await Promise.all([times.get(5), times.get(5)])
    expect(a).toEqual([entry(1, 10)])
    expect(b).toEqual(a)
    advance(STAGE_TIMES_TTL_MS - 1)
    expect(await times.get(5)).toEqual([entry(1, 10)])
    expect(read).toHaveBeenCalledTimes(1)
    advance(1)
    expect(await times.get(5)).toEqual([entry(1, 11)])
    expect(read).toHaveBeenCalledTimes(2)
  })

  it('answers a move or create made here from memory, even one landing during the read', async () => {
    const { times, read } = setup([[entry(1, 10), entry(2, 10)]])
    const first = times.get(5)
    times.entered(5, 2, 12, '2026-12-03T10:00:00Z')
    times.entered(5, 3, 10, '2026-12-03T10:05:00Z')
    times.entered(6, 4, 20, '2026-12-03T10:05:00Z')
    expect(await first).toEqual([
      entry(1, 10),
      entry(2, 12, '2026-12-03T10:00:00Z'),
      entry(3, 10, '2026-12-03T10:05:00Z')
    ])
    expect(await times.get(5)).toHaveLength(3)
    expect(read).toHaveBeenCalledTimes(1)
  })

  it('keeps no failed read, and forgets everything on clear (another account)', async () => {
    const { times, read } = setup([new Error('offline'), [entry(1, 10)], [entry(9, 90)]])
    await expect(times.get(5)).rejects.toThrow('offline')
    expect(await times.get(5)).toEqual([entry(1, 10)])
    times.clear()
    expect(await times.get(5)).toEqual([entry(9, 90)])
    expect(read).toHaveBeenCalledTimes(3)
  })
})
