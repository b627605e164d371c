import { describe, expect, it } from 'vitest'
import { planReads, requestCount } from './reads'

const known = { flags: () => true, positions: () => true }
const unknown = { flags: () => false, positions: () => false }

describe('planReads', () => {
  it('a drawer outcome reads nothing before the write and re-reads the card stage', () => {
    const reads = planReads({ expected: { columnId: 3 } }, known)
    expect(reads).toEqual({ destinationOpen: null, destinationStage: null, reread: 3 })
    expect(requestCount(reads, { card: true, shifts: 0 })).toBe(3)
  })

  it('a reorder in an indexed stage reads nothing before the write and re-reads the one stage', () => {
    const reads = planReads({ expected: { columnId: 3 }, to: { columnId: 3 } }, known)
    expect(reads).toEqual({ destinationOpen: null, destinationStage: null, reread: 3 })
    expect(requestCount(reads, { card: true, shifts: 0 })).toBe(3)
  })

  it('a move to another indexed stage re-reads only the destination', () => {
    const reads = planReads({ expected: { columnId: 3 }, to: { columnId: 4 } }, known)
    expect(reads).toEqual({ destinationOpen: null, destinationStage: null, reread: 4 })
    expect(requestCount(reads, { card: true, shifts: 0 })).toBe(3)
    expect(requestCount(reads, { card: false, shifts: 0 })).toBe(2)
  })

  it('a stage the index does not know is listed first; unknown flags cost a GET', () => {
    const reads = planReads({ expected: { columnId: 3 }, to: { columnId: 4 } }, unknown)
    expect(reads).toEqual({ destinationOpen: 4, destinationStage: 4, reread: 4 })
    expect(requestCount(reads, { card: true, shifts: 1 })).toBe(7)
    expect(requestCount({ ...reads, destinationStage: null }, { card: true, shifts: 0 })).toBe(4)
  })
})
