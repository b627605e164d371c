/**
 * The board as drawn: every opportunity by Id, the open cards of each stage in Nexudus's
 * (Position, Id) order, and how a record the server sent finds its place. Shared by the board
 * store and its parts (the move queue, deletes, the live refresh); plain Vue reactivity, no Pinia.
 */
import { computed, shallowReactive, shallowRef } from 'vue'
import type { MoveResult } from '../../../shared/bridge'
import type { BoardCard } from '../../../shared/card'
import type { CrmBoardColumn } from '../../../shared/nexudus'
import { byPosition, mergePending, placeAt, sortedIndex, without } from './order'

const OPEN = 1 as const

export interface CoreOptions {
  /** The card waits in main's outbox. */
  inOutbox(id: number): boolean
}

export function createCore(options: CoreOptions) {
  const columns = shallowRef<CrmBoardColumn[]>([])
  /** Every opportunity of the board by Id; records are replaced, never changed in place. */
  const records = shallowReactive(new Map<number, BoardCard>())
  /** Open card ids per stage, top to bottom; arrays are replaced, never changed in place. */
  const orders = shallowReactive<Record<number, readonly number[]>>({})
  /** Card id → moves not yet answered (queued or in flight). */
  const pending = shallowReactive(new Map<number, number>())
  /** Every card deleted here (pending or done): a snapshot or a re-read never brings one back. */
  const deleted = new Set<number>()

  const columnIds = computed(() => columns.value.map((c) => c.Id))
  const columnMap = computed(() => new Map(columns.value.map((c) => [c.Id, c])))

  /** Its move is on its way, or waits in main's outbox: it stays where the user put it. */
  const inFlight = (id: number): boolean => (pending.get(id) ?? 0) > 0 || options.inOutbox(id)

  /** The stage whose order holds card `id`, if any. */
  function locate(id: number): number | null {
    const hint = records.get(id)?.CrmBoardColumnId
    if (hint !== undefined && orders[hint]?.includes(id)) return hint
    for (const col of columnIds.value) if (orders[col]?.includes(id)) return col
    return null
  }

  /** Puts a record where the server says it is: its stage by (Position, Id), or nowhere if closed. */
  function placeRecord(record: BoardCard): void {
    records.set(record.Id, record)
    const now = locate(record.Id)
    if (now !== null) orders[now] = without(orders[now]!, record.Id)
    const col = record.CrmBoardColumnId
    if (record.Status !== OPEN || !columnMap.value.has(col)) return
    const order = orders[col] ?? []
    const at = sortedIndex(order, record, (other) => records.get(other))
    orders[col] = placeAt(order, record.Id, at)
  }

  /** Re-read stages (all statuses) replace what we drew of them; cards being moved stay put. */
  function reconcileColumns(reread: MoveResult['columns']): void {
    for (const { columnId, window, ...rest } of reread) {
      if (!columnMap.value.has(columnId)) continue
      const opportunities = rest.opportunities.filter((o) => !deleted.has(o.Id))
      const here = new Set(opportunities.map((o) => o.Id))
      // A window re-read speaks only for the cards whose Position falls in it.
      const covers = (r: BoardCard) => !window || (r.Position >= window.from && r.Position <= window.to)
      for (const r of [...records.values()]) {
        if (r.CrmBoardColumnId === columnId && covers(r) && !here.has(r.Id) && !inFlight(r.Id))
          records.delete(r.Id)
      }
      for (const o of opportunities) {
        if (inFlight(o.Id)) continue
        // Moved here by someone else since we drew it: it leaves the stage it was drawn in.
        const was = records.get(o.Id)?.CrmBoardColumnId
        if (was !== undefined && was !== columnId && orders[was]?.includes(o.Id))
          orders[was] = without(orders[was]!, o.Id)
        records.set(o.Id, o)
      }
      const stage = window
        ? [...records.values()].filter((r) => r.CrmBoardColumnId === columnId && !inFlight(r.Id))
        : opportunities
      const server = stage
        .filter((o) => o.Status === OPEN)
        .sort(byPosition)
        .map((o) => o.Id)
      orders[columnId] = mergePending(server, orders[columnId] ?? [], inFlight)
    }
    for (const col of columnIds.value) {
      // A card the server moved out of a stage it did not re-read.
      const stale = (orders[col] ?? []).filter((id) => !records.has(id))
      if (stale.length) orders[col] = (orders[col] ?? []).filter((id) => records.has(id))
    }
  }

  function clear(): void {
    records.clear()
    for (const key of Object.keys(orders)) delete orders[Number(key)]
    pending.clear()
    columns.value = []
  }

  return {
    columns,
    records,
    orders,
    pending,
    deleted,
    columnIds,
    columnMap,
    inFlight,
    locate,
    placeRecord,
    reconcileColumns,
    clear
  }
}

export type BoardCore = ReturnType<typeof createCore>
