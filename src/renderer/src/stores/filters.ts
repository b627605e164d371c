/**
 * The filter bar's state for the board that is open: the filters and search (kept per board on
 * this computer), the stale thresholds per stage (likewise), the cards' notes (read on the first
 * search: cards do not carry them) and when each card entered its stage (read once the board is
 * drawn). The board store asks it which cards to show; counts and totals then read "x of y".
 */
import { computed, ref, shallowRef, watch } from 'vue'
import { acceptHMRUpdate, defineStore } from 'pinia'
import type { BoardCard } from '../../../shared/card'
import { call } from '../services/api'
import { todayKey } from '../board/format'
import {
  attentionOf,
  DEFAULT_STALE_DAYS,
  needsAttention,
  parseThresholds,
  type Attention
} from '../board/attention'
import { emptyFilters, isFiltered, matchesFilters, parseFilters, type BoardFilters } from '../board/filters'

const filtersKey = (boardId: number) => `pipeline.filters.${boardId}`
const staleKey = (boardId: number) => `pipeline.stale.${boardId}`

function stored(key: string): string | null {
  try {
    return localStorage.getItem(key)
  } catch {
    return null
  }
}

function store(key: string, value: string): void {
  try {
    localStorage.setItem(key, value)
  } catch {
    // Storage full or off: the filters still work for this session.
  }
}

export const useFiltersStore = defineStore('filters', () => {
  const boardId = ref<number | null>(null)
  const filters = ref<BoardFilters>(emptyFilters())
  const thresholds = ref<Record<number, number | null>>({})
  /** Lowercased notes by card, once read. */
  const notes = shallowRef<Map<number, string> | null>(null)
  const notesState = ref<'idle' | 'loading' | 'ready' | 'error'>('idle')
  const entered = shallowRef<Map<number, { columnId: number; since: string }>>(new Map())
  const today = ref(todayKey())
  const active = computed(() => isFiltered(filters.value))
  let generation = 0

  /** A board was opened: its own filters and thresholds come back; notes and stage times are read anew. */
  function use(id: number): void {
    generation++
    boardId.value = id
    filters.value = parseFilters(stored(filtersKey(id)))
    thresholds.value = parseThresholds(stored(staleKey(id)))
    notes.value = null
    notesState.value = 'idle'
    entered.value = new Map()
    today.value = todayKey()
    if (filters.value.text.trim()) void loadNotes()
  }

  /** When each card entered its stage; asked once the board is drawn. */
  async function loadStageTimes(): Promise<void> {
    const id = boardId.value
    if (id === null) return
    const mine = generation
    const result = await call((bridge) => bridge.board.stageTimes({ boardId: id }))
    if (mine !== generation || !result.ok) return
    entered.value = new Map(result.data.map((e) => [e.id, { columnId: e.columnId, since: e.since }]))
  }

  async function loadNotes(): Promise<void> {
    const id = boardId.value
    if (id === null || notesState.value === 'loading' || notesState.value === 'ready') return
    const mine = generation
    notesState.value = 'loading'
    const result = await call((bridge) => bridge.board.notes({ boardId: id }))
    if (mine !== generation) return
    if (!result.ok) {
      notesState.value = 'error'
      return
    }
    notes.value = new Map(result.data.map(([card, text]) => [card, text.toLocaleLowerCase()]))
    notesState.value = 'ready'
  }

  function threshold(columnId: number): number | null {
    return columnId in thresholds.value ? (thresholds.value[columnId] ?? null) : DEFAULT_STALE_DAYS
  }

  function setThreshold(columnId: number, days: number | null): void {
    thresholds.value = { ...thresholds.value, [columnId]: days }
  }

  function attention(card: BoardCard): Attention {
    return attentionOf(card, {
      today: today.value,
      now: Date.now(),
      enteredAt: (id) => {
        const e = entered.value.get(id)
        return e && e.columnId === card.CrmBoardColumnId ? e.since : undefined
      },
      threshold
    })
  }

  function matches(card: BoardCard): boolean {
    return matchesFilters(card, filters.value, {
      today: today.value,
      notes: (id) => notes.value?.get(id),
      needsAttention: (c) => needsAttention(attention(c))
    })
  }

  /** A card the user just moved entered its new stage now. */
  function entering(card: BoardCard, when: string): void {
    const next = new Map(entered.value)
    next.set(card.Id, { columnId: card.CrmBoardColumnId, since: when })
    entered.value = next
  }

  function clear(): void {
    filters.value = emptyFilters()
  }

  watch(
    filters,
    (f) => {
      if (boardId.value !== null) store(filtersKey(boardId.value), JSON.stringify(f))
      if (f.text.trim()) void loadNotes()
    },
    { deep: true }
  )
  watch(thresholds, (t) => boardId.value !== null && store(staleKey(boardId.value), JSON.stringify(t)), {
    deep: true
  })
  setInterval(() => (today.value = todayKey()), 60_000)

  return {
    boardId,
    filters,
    thresholds,
    notesState,
    entered,
    today,
    active,
    use,
    loadStageTimes,
    loadNotes,
    threshold,
    setThreshold,
    attention,
    matches,
    entering,
    clear
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useFiltersStore, import.meta.hot))
