import { describe, expect, it } from 'vitest'
import { placement } from './neighbours'

const ids = [10, 20, 30]

describe('placement', () => {
  it('goes just below afterId, or just above beforeId', () => {
    expect(placement(ids, 10, 20)).toEqual({ kind: 'index', index: 1 })
    expect(placement(ids, 30, null)).toEqual({ kind: 'index', index: 3 })
    expect(placement(ids, null, 10)).toEqual({ kind: 'index', index: 0 })
  })

  it('prefers afterId when both are there but no longer adjacent', () => {
    expect(placement(ids, 10, 30)).toEqual({ kind: 'index', index: 1 })
  })

  it('falls back to the other neighbour when one has left the stage', () => {
    expect(placement(ids, 99, 30)).toEqual({ kind: 'index', index: 2 })
    expect(placement(ids, 20, 99)).toEqual({ kind: 'index', index: 2 })
  })

  it('is gone when every named neighbour has left', () => {
    expect(placement(ids, 99, 98)).toEqual({ kind: 'gone' })
    expect(placement(ids, 99, null)).toEqual({ kind: 'gone' })
    expect(placement([], null, 98)).toEqual({ kind: 'gone' })
  })

  it('puts a card dropped on an empty stage first, or last if the stage filled up meanwhile', () => {
    expect(placement([], null, null)).toEqual({ kind: 'index', index: 0 })
    expect(placement(ids, null, null)).toEqual({ kind: 'index', index: 3 })
  })
})
