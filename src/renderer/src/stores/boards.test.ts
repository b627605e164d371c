// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { CrmBoard } from '../../../shared/nexudus'
import { fail, ok, type Result } from '../../../shared/result'
import { setApi } from '../services/api'
import { fakeApi } from '../testing/fake-api'
import { LAST_BOARD_KEY } from '../services/last-board'
import { useBoardsStore } from './boards'

const board = (Id: number, Name: string, Archived = false): CrmBoard => ({
  Id,
  Name,
  BusinessId: 1,
  Archived
})

beforeEach(() => setActivePinia(createPinia()))
afterEach(() => setApi(null))

describe('boards store', () => {
  it('loads the boards, sorted, active first, and picks the first active one', async () => {
    setApi(
      fakeApi({
        boards: { list: async () => ok([board(3, 'Old', true), board(2, 'Sales'), board(1, 'Leads')]) }
      })
    )
    const boards = useBoardsStore()
    const loading = boards.load()
    expect(boards.status).toBe('loading')
    await loading
    expect(boards.status).toBe('ready')
    expect(boards.activeBoards.map((b) => b.Name)).toEqual(['Leads', 'Sales'])
    expect(boards.archivedBoards.map((b) => b.Name)).toEqual(['Old'])
    expect(boards.selected?.Name).toBe('Leads')
  })

  it('selects a board by id and ignores unknown ids', async () => {
    setApi(fakeApi({ boards: { list: async () => ok([board(1, 'Leads'), board(2, 'Sales')]) } }))
    const boards = useBoardsStore()
    await boards.load()
    boards.select(2)
    expect(boards.selected?.Name).toBe('Sales')
    boards.select(99)
    expect(boards.selectedId).toBe(2)
    // A reload keeps the choice while the board still exists.
    await boards.load()
    expect(boards.selectedId).toBe(2)
  })

  it('is ready and empty when there are no boards', async () => {
    setApi(fakeApi({ boards: { list: async () => ok([]) } }))
    const boards = useBoardsStore()
    await boards.load()
    expect(boards.status).toBe('ready')
    expect(boards.selected).toBeNull()
  })

  it('keeps the error, and loads again on retry', async () => {
    let answer: Result<CrmBoard[]> = fail({ kind: 'Network', message: 'offline' })
    setApi(fakeApi({ boards: { list: async () => answer } }))
    const boards = useBoardsStore()
    await boards.load()
    expect(boards.status).toBe('error')
    expect(boards.error?.kind).toBe('Network')
    answer = ok([board(1, 'Leads')])
    await boards.load()
    expect(boards.status).toBe('ready')
    expect(boards.error).toBeNull()
  })

  it('drops an answer that arrives after a reset', async () => {
    let answer: (r: Result<CrmBoard[]>) => void = () => {}
    setApi(fakeApi({ boards: { list: () => new Promise((r) => (answer = r)) } }))
    const boards = useBoardsStore()
    const loading = boards.load()
    boards.reset()
    answer(ok([board(1, 'Leads')]))
    await loading
    expect(boards.status).toBe('idle')
    expect(boards.boards).toEqual([])
  })
})

describe('boards store: the last board', () => {
  afterEach(() => localStorage.clear())

  it('remembers the picked board and opens it next time', async () => {
    setApi(fakeApi({ boards: { list: async () => ok([board(1, 'Leads'), board(2, 'Sales')]) } }))
    const first = useBoardsStore()
    await first.load()
    first.select(2)
    expect(localStorage.getItem(LAST_BOARD_KEY)).toBe('2')
    setActivePinia(createPinia())
    const next = useBoardsStore()
    await next.load()
    expect(next.selected?.Name).toBe('Sales')
  })

  it('offers the remembered board to open while the list is still loading', async () => {
    localStorage.setItem(LAST_BOARD_KEY, '2')
    let answer: (r: Result<CrmBoard[]>) => void = () => {}
    setApi(fakeApi({ boards: { list: () => new Promise((r) => (answer = r)) } }))
    const boards = useBoardsStore()
    const loading = boards.load()
    expect(boards.opening).toBe(2)
    answer(ok([board(1, 'Leads'), board(2, 'Sales')]))
    await loading
    expect(boards.opening).toBeNull()
    expect(boards.selectedId).toBe(2)
  })

  it('falls back to the first active board when the remembered one is gone', async () => {
    localStorage.setItem(LAST_BOARD_KEY, '99')
    setApi(fakeApi({ boards: { list: async () => ok([board(2, 'Sales'), board(1, 'Leads')]) } }))
    const boards = useBoardsStore()
    await boards.load()
    expect(boards.selected?.Name).toBe('Leads')
  })
})
