import { describe, expect, it } from 'vitest'
import { AppError } from '../bridge/errors'
import { nexudusNow, outcomeFields, type StageFlags } from './outcome'

const now = new Date('2025-06-01T10:11:12.345Z')
const NOW = '2025-06-01T10:11:12Z'
const normal: StageFlags = { Name: 'Tour done' }
const win: StageFlags = { Name: 'Won', WinOpportunity: true }
const lose: StageFlags = { Name: 'Lost', LoseOpportunity: true }
const open = { Status: 1, WonOn: null, LostOn: null }
const won = { Status: 2, WonOn: '2025-05-01T09:00:00Z', LostOn: null }
const lost = { Status: 3, WonOn: null, LostOn: '2025-05-02T09:00:00Z' }

const OPEN = { Status: 1, Completed: false, WonOn: null, LostOn: null, LossReason: null }

describe('outcomeFields', () => {
  it('writes UTC to the second with Z', () => {
    expect(nexudusNow(now)).toBe(NOW)
  })

  it('changes nothing when an open card moves between normal stages', () => {
    expect(outcomeFields({ explicit: undefined, destination: normal, fresh: open, now })).toEqual({})
  })

  it('marks won on entering a Win stage', () => {
    expect(outcomeFields({ explicit: undefined, destination: win, fresh: open, now })).toEqual({
      Status: 2,
      Completed: true,
      WonOn: NOW,
      LostOn: null,
      LossReason: null
    })
  })

  it('refuses a Lose stage without a reason, naming the stage', () => {
    let error: unknown
    try {
      outcomeFields({ explicit: undefined, destination: lose, fresh: open, now })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).toBridge()).toEqual({
      kind: 'Validation',
      message: 'Choose why it was lost before moving it to Lost.',
      fields: { lossReason: 'Choose a loss reason' }
    })
  })

  it('marks lost with the reason given', () => {
    expect(
      outcomeFields({ explicit: { status: 'lost', lossReason: 4 }, destination: lose, fresh: open, now })
    ).toEqual({ Status: 3, Completed: true, LostOn: NOW, LossReason: 4, WonOn: null })
  })

  it('reopens a closed card dropped on a normal stage, clearing every closed field', () => {
    expect(outcomeFields({ explicit: undefined, destination: normal, fresh: won, now })).toEqual(OPEN)
    expect(outcomeFields({ explicit: undefined, destination: normal, fresh: lost, now })).toEqual(OPEN)
  })

  it('lets an explicit outcome win over the stage, also without a destination', () => {
    expect(outcomeFields({ explicit: { status: 'won' }, destination: lose, fresh: open, now }).Status).toBe(2)
    expect(outcomeFields({ explicit: { status: 'open' }, destination: win, fresh: won, now })).toEqual(OPEN)
    expect(outcomeFields({ explicit: { status: 'won' }, destination: null, fresh: lost, now })).toEqual({
      Status: 2,
      Completed: true,
      WonOn: NOW,
      LostOn: null,
      LossReason: null
    })
  })

  it('keeps the date of a card that already was won or lost', () => {
    expect(outcomeFields({ explicit: undefined, destination: win, fresh: won, now })).toEqual({})
    expect(outcomeFields({ explicit: undefined, destination: lose, fresh: lost, now })).toEqual({})
    expect(outcomeFields({ explicit: { status: 'won' }, destination: null, fresh: won, now }).WonOn).toBe(
      won.WonOn
    )
    const relost = outcomeFields({
      explicit: { status: 'lost', lossReason: 7 },
      destination: null,
      fresh: lost,
      now
    })
    expect(relost).toMatchObject({ LostOn: lost.LostOn, LossReason: 7 })
  })

  it('treats a stage flagged both Win and Lose as Win', () => {
    const both = { Name: 'Odd', WinOpportunity: true, LoseOpportunity: true }
    expect(outcomeFields({ explicit: undefined, destination: both, fresh: open, now }).Status).toBe(2)
  })
})
