// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { OutboxEntryView, OutboxState } from '../../../shared/outbox'
import { ok } from '../../../shared/result'
import { setApi } from '../services/api'
import { fakeApi } from '../testing/fake-api'
import { useOutboxStore } from './outbox'

const entry = (id: string, opportunityId: number, state: OutboxEntryView['state']): OutboxEntryView => ({
  id,
  kind: 'move',
  opportunityId,
  toColumnId: 2,
  outcome: null,
  fields: [],
  state,
  message: null,
  attempts: 1,
  createdAt: '2026-12-03T10:00:00Z'
})
const list = (version: number, ...entries: OutboxEntryView[]): OutboxState => ({
  entries,
  nextAttemptAt: null,
  sent: 0,
  version
})

beforeEach(() => setActivePinia(createPinia()))
afterEach(() => setApi(null))

describe('outbox store', () => {
  it('keeps the newest list when an answer arrives after an event that overtook it', async () => {
    const bridge = fakeApi({ outbox: { retry: async () => ok(list(4, entry('e', 7, 'sending'))) } })
    setApi(bridge)
    const store = useOutboxStore()
    await store.init()
    const answer = store.retry('e')
    // The event of the landing comes first over the event stream…
    bridge.emit('outbox.changed', list(5))
    // … then the answer to Retry, from before it.
    await answer
    expect(store.entries).toEqual([])
  })

  it('shows each card by the most serious of its entries', async () => {
    setApi(fakeApi())
    const store = useOutboxStore()
    store.apply(list(1, entry('a', 7, 'waiting'), entry('b', 7, 'failed'), entry('c', 8, 'review')))
    expect(store.byCard.get(7)).toBe('failed')
    expect(store.byCard.get(8)).toBe('review')
    expect(store.needsYou.map((e) => e.id)).toEqual(['b', 'c'])
    expect(store.sending.map((e) => e.id)).toEqual(['a'])
  })
})
