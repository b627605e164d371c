/**
 * The CRM boards the signed-in user can open (`boards.list`) and which one is picked. The pick is
 * remembered (localStorage 'pipeline.lastBoardId'); without one, the first active board is opened.
 * The remembered board is opened at once (`opening`), while the list is still on its way, so its
 * saved copy can be drawn straight after start. The board itself lives in stores/board.ts.
 */
import { computed, ref } from 'vue'
import { defineStore } from 'pinia'
import type { CrmBoard } from '../../../shared/nexudus'
import type { BridgeError } from '../../../shared/result'
import { call } from '../services/api'
import { remember, remembered } from '../services/last-board'

export type BoardsStatus = 'idle' | 'loading' | 'ready' | 'error'

const byName = (a: CrmBoard, b: CrmBoard): number => a.Name.localeCompare(b.Name)

export const useBoardsStore = defineStore('boards', () => {
  const boards = ref<CrmBoard[]>([])
  const status = ref<BoardsStatus>('idle')
  const error = ref<BridgeError | null>(null)
  const selectedId = ref<number | null>(null)
  /** The remembered board, to open before the list arrives; null once the list is in. */
  const opening = ref<number | null>(null)

  const activeBoards = computed(() => boards.value.filter((b) => !b.Archived).sort(byName))
  const archivedBoards = computed(() => boards.value.filter((b) => b.Archived).sort(byName))
  const selected = computed(() => boards.value.find((b) => b.Id === selectedId.value) ?? null)

  /** Bumped by every load and reset, so an answer that arrives late is dropped. */
  let generation = 0

  async function load(): Promise<void> {
    const mine = ++generation
    status.value = 'loading'
    error.value = null
    opening.value = selectedId.value === null ? remembered() : null
    const result = await call((bridge) => bridge.boards.list())
    if (mine !== generation) return
    opening.value = null
    if (!result.ok) {
      error.value = result.error
      status.value = 'error'
      return
    }
    boards.value = result.data
    if (!result.data.some((b) => b.Id === selectedId.value)) {
      const last = remembered()
      selectedId.value = result.data.some((b) => b.Id === last)
        ? last
        : ((activeBoards.value[0] ?? archivedBoards.value[0])?.Id ?? null)
    }
    status.value = 'ready'
  }

  /** Picks a board by id; an id that is not in the list is ignored. */
  function select(id: number): void {
    if (!boards.value.some((b) => b.Id === id)) return
    selectedId.value = id
    remember(id)
  }

  function reset(): void {
    generation++
    boards.value = []
    status.value = 'idle'
    error.value = null
    selectedId.value = null
    opening.value = null
  }

  return {
    boards,
    status,
    error,
    selectedId,
    opening,
    activeBoards,
    archivedBoards,
    selected,
    load,
    select,
    reset
  }
})
