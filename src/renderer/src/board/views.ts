/** What the board draws from its maps: per-stage counts and totals, the cards shown, the closed ones. */
import { computed } from 'vue'
import type { BoardCard } from '../../../shared/card'
import type { BoardCore } from './core'

export interface ColumnStats {
  count: number
  total: number
}

export interface Filtering {
  readonly active: boolean
  matches(record: BoardCard): boolean
}

export function createViews(core: BoardCore, filtering: Filtering) {
  const { records, orders, columnIds, columnMap } = core

  function statsOf(of: Readonly<Record<number, readonly number[]>>): Record<number, ColumnStats> {
    const out: Record<number, ColumnStats> = {}
    for (const id of columnIds.value) {
      let total = 0
      const order = of[id] ?? []
      for (const cardId of order) total += records.get(cardId)?.Value ?? 0
      out[id] = { count: order.length, total }
    }
    return out
  }

  /** Count and total Value of the open cards of every stage (all of them, drawn or not). */
  const stats = computed(() => statsOf(orders))

  /**
   * The open cards drawn per stage: all of them, or those the filter bar lets through. Drops and
   * keyboard moves are read against this order, and a move then goes between the cards seen.
   */
  const shown = computed<Readonly<Record<number, readonly number[]>>>(() => {
    if (!filtering.active) return orders
    const out: Record<number, readonly number[]> = {}
    for (const id of columnIds.value)
      out[id] = (orders[id] ?? []).filter((card) => {
        const record = records.get(card)
        return record !== undefined && filtering.matches(record)
      })
    return out
  })

  /** Count and total of what is shown per stage (equal to `stats` without filters). */
  const shownStats = computed(() => (filtering.active ? statsOf(shown.value) : stats.value))

  const totals = computed<ColumnStats>(() =>
    Object.values(stats.value).reduce((a, s) => ({ count: a.count + s.count, total: a.total + s.total }), {
      count: 0,
      total: 0
    })
  )

  /** Won and lost opportunities of this board, most recently closed first. */
  const closed = computed(() => {
    const won: BoardCard[] = []
    const lost: BoardCard[] = []
    for (const r of records.values()) {
      if (!columnMap.value.has(r.CrmBoardColumnId)) continue
      if (r.Status === 2) won.push(r)
      else if (r.Status === 3) lost.push(r)
    }
    const recent = (key: 'WonOn' | 'LostOn') => (a: BoardCard, b: BoardCard) =>
      (b[key] ?? '').localeCompare(a[key] ?? '') || b.Id - a.Id
    return { won: won.sort(recent('WonOn')), lost: lost.sort(recent('LostOn')) }
  })

  return { stats, shown, shownStats, totals, closed }
}
