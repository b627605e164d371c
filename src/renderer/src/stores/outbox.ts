/**
 * What waits in main's outbox (src/main/outbox): the moves and edits Nexudus has not taken yet.
 * Kept in step with main's `outbox.changed`; the board asks it which cards are not saved, the
 * header shows how many wait, and the panel lets the user retry or discard each one. Entries are
 * main's; this store only mirrors them and forwards what the user chose.
 */
import { computed, shallowRef } from 'vue'
import { acceptHMRUpdate, defineStore } from 'pinia'
import type { OutboxEntryView, OutboxState } from '../../../shared/outbox'
import { call, subscribe } from '../services/api'
import { errorText } from '../services/errors'

/** How a card shows its entry: still to be sent, refused, or up for review. */
export type CardSync = 'waiting' | 'failed' | 'review'

const EMPTY: OutboxState = { entries: [], nextAttemptAt: null, sent: 0, version: -1 }

/** The state that says most about a card when it has several entries. */
const weight: Record<CardSync, number> = { waiting: 0, review: 1, failed: 2 }
export const syncOf = (entry: OutboxEntryView): CardSync =>
  entry.state === 'failed' ? 'failed' : entry.state === 'review' ? 'review' : 'waiting'

export const useOutboxStore = defineStore('outbox', () => {
  const state = shallowRef<OutboxState>(EMPTY)
  const problem = shallowRef<string | null>(null)
  let stop: (() => void) | null = null

  const entries = computed(() => state.value.entries)
  /** Card id → how it shows (the most serious of its entries). */
  const byCard = computed(() => {
    const map = new Map<number, CardSync>()
    for (const entry of entries.value) {
      const mine = syncOf(entry)
      const had = map.get(entry.opportunityId)
      if (had === undefined || weight[mine] > weight[had]) map.set(entry.opportunityId, mine)
    }
    return map
  })
  const sending = computed(() => entries.value.filter((e) => e.state === 'waiting' || e.state === 'sending'))
  const needsYou = computed(() => entries.value.filter((e) => e.state === 'failed' || e.state === 'review'))

  /** Main's list, unless an older one arrives after a newer (an answer overtaken by an event). */
  function apply(next: OutboxState): void {
    if (next.version >= state.value.version) state.value = next
  }

  /** Starts mirroring main's outbox; safe to call more than once. */
  async function init(): Promise<void> {
    stop ??= subscribe('outbox.changed', apply)
    const result = await call((bridge) => bridge.outbox.list())
    if (result.ok) apply(result.data)
  }

  async function act(kind: 'retry' | 'discard', id: string): Promise<boolean> {
    problem.value = null
    const result = await call((bridge) =>
      kind === 'retry' ? bridge.outbox.retry({ id }) : bridge.outbox.discard({ id })
    )
    if (result.ok) {
      apply(result.data)
      return true
    }
    problem.value = errorText(result.error)
    return false
  }

  return {
    state,
    entries,
    byCard,
    sending,
    needsYou,
    problem,
    init,
    apply,
    retry: (id: string) => act('retry', id),
    discard: (id: string) => act('discard', id)
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useOutboxStore, import.meta.hot))
