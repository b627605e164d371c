// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { SaveInput, SaveResult } from '../../../shared/details'
import { fail, ok, type Result } from '../../../shared/result'
import { setApi } from '../services/api'
import { fakeApi } from '../testing/fake-api'
import { FakeBoardServer, sampleBoard } from '../testing/fake-board'
import { FakeDetailsServer } from '../testing/fake-details'
import { useBoardStore } from './board'
import { useDetailsStore } from './details'

type Save = (input: SaveInput) => Promise<Result<SaveResult>>

async function opened(id = 12, save?: Save) {
  const board = sampleBoard()
  const server = new FakeBoardServer(board)
  const details = new FakeDetailsServer(server)
  const saveFn = vi.fn(save ?? details.save)
  setApi(
    fakeApi({
      board: { load: async () => ok(structuredClone(board)) },
      opportunity: { move: async (i) => server.move(i), get: details.get, save: saveFn }
    })
  )
  const boardStore = useBoardStore()
  await boardStore.load(1)
  const store = useDetailsStore()
  await store.open(id)
  return { store, board: boardStore, server: details, save: saveFn }
}

beforeEach(() => setActivePinia(createPinia()))
afterEach(() => setApi(null))

describe('details store', () => {
  it('reads the record and its history, and starts unchanged', async () => {
    const { store } = await opened()
    expect(store.status).toBe('ready')
    expect(store.record?.Id).toBe(12)
    expect(store.history).toHaveLength(2)
    expect(store.form?.Name).toBe('Hot desk')
    expect(store.dirty).toBe(false)
    expect(await store.save()).toBe('unchanged')
  })

  it('says why when the record cannot be read', async () => {
    setApi(fakeApi({ opportunity: { get: async () => fail({ kind: 'NotFound', message: '' }) } }))
    const store = useDetailsStore()
    await store.open(5)
    expect(store.status).toBe('error')
    expect(store.loadError?.kind).toBe('NotFound')
  })

  it('sends only the changed fields with the UpdatedOn it opened, then shows the saved record', async () => {
    let release: () => void = () => {}
    const { store, board, server, save } = await opened(12, (input) => {
      const answer = server.save(input)
      return new Promise((r) => (release = () => r(answer)))
    })
    store.form!.Name = 'Two desks'
    store.form!.DueDate = '2026-05-01'
    expect(store.dirty).toBe(true)
    const saving = store.save()
    expect(store.saving).toBe(true)
    expect(board.records.get(12)?.Name).toBe('Hot desk')
    expect(save).toHaveBeenCalledWith({
      id: 12,
      expectedUpdatedOn: '2026-01-01T00:00:00Z',
      changes: { Name: 'Two desks', DueDate: '2026-05-01' },
      overwrite: false
    })
    release()
    expect(await saving).toBe('saved')
    expect(store.saving).toBe(false)
    expect(store.saved).toBe(true)
    expect(store.dirty).toBe(false)
    expect(store.record?.DueDate).toBe('2026-05-01T00:00:00Z')
    expect(board.records.get(12)?.Name).toBe('Two desks')
    store.form!.Notes = 'more'
    expect(store.saved).toBe(false)
  })

  it('moves the card on the board when its status changes', async () => {
    const { store, board } = await opened(12)
    store.setStatus(2)
    store.form!.WonOn = '2026-03-01'
    expect(await store.save()).toBe('saved')
    expect(board.orders[1]).toEqual([11, 13])
    expect(board.closed.won.map((r) => r.Id)).toContain(12)
  })

  it('clears the loss reason when the status leaves Lost, and fills notes from a type', async () => {
    const { store } = await opened(41)
    expect(store.form?.LossReason).toBe(4)
    store.setStatus(1)
    expect(store.form?.LossReason).toBeNull()
    store.setType(1, { Id: 1, Name: 'Hot desk', NotesTemplate: 'Template' })
    expect(store.form?.Notes).toBe('Template')
    store.setType(2, { Id: 2, Name: 'Office', NotesTemplate: 'Other' })
    expect(store.form?.Notes).toBe('Template')
  })

  it('sends nothing while a field is not right, and says so under it', async () => {
    const { store, save } = await opened()
    store.form!.Value = -1
    expect(store.errors).toEqual({ Value: 'The value cannot be negative' })
    expect(await store.save()).toBe('invalid')
    expect(save).not.toHaveBeenCalled()
  })

  it('shows a conflict with the fields that differ; Reload shows theirs', async () => {
    const { store, server, board } = await opened()
    server.touch(12, { Value: 5000, Name: 'Their tag' })
    store.form!.Notes = 'mine'
    expect(await store.save()).toBe('conflict')
    expect(store.conflict?.fields).toEqual(['Tag', 'Value'])
    expect(store.form?.Notes).toBe('mine')
    store.reload()
    expect(store.conflict).toBeNull()
    expect(store.form).toMatchObject({ Notes: '', Name: 'Their tag', Value: 5000 })
    expect(store.dirty).toBe(false)
    expect(board.records.get(12)?.Value).toBe(5000)
  })

  it('Overwrite saves again over theirs', async () => {
    const { store, server, save } = await opened()
    server.touch(12, { Value: 5000 })
    store.form!.Notes = 'mine'
    await store.save()
    expect(await store.save(true)).toBe('saved')
    expect(save.mock.calls[1]![0]).toMatchObject({ changes: { Notes: 'mine' }, overwrite: true })
    expect(store.conflict).toBeNull()
    expect(server.records.get(12)?.Notes).toBe('mine')
  })

  it('puts Validation messages under their fields, the others at the top, and keeps the input', async () => {
    const { store } = await opened(12, async () =>
      fail({
        kind: 'Validation',
        message: 'CoworkerId: is not active',
        fields: { CoworkerId: 'This customer is not active', Position: 'is taken' }
      })
    )
    store.form!.CoworkerId = 702
    expect(await store.save()).toBe('failed')
    expect(store.errors.CoworkerId).toBe('This customer is not active')
    expect(store.alert).toBe('Position: is taken.')
    expect(store.form?.CoworkerId).toBe(702)
    // The message goes once the field changes.
    store.form!.CoworkerId = 701
    expect(store.errors.CoworkerId).toBeUndefined()
  })

  it('shows any other failure as a failure, never as saved', async () => {
    const { store, board } = await opened(12, async () =>
      fail({ kind: 'Server', message: 'Nexudus refused the change (WasSuccessful: false).' })
    )
    store.form!.Name = 'New tag'
    expect(await store.save()).toBe('failed')
    expect(store.saved).toBe(false)
    expect(store.alert).toBe('Nexudus refused the change (WasSuccessful: false).')
    expect(store.form?.Name).toBe('New tag')
    expect(board.records.get(12)?.Name).toBe('Hot desk')
  })

  it('turns the board read-only on Forbidden', async () => {
    const { store, board } = await opened(12, async () => fail({ kind: 'Forbidden', message: '' }))
    store.form!.Name = 'x'
    expect(await store.save()).toBe('forbidden')
    expect(board.readOnly).toBe(true)
    expect(store.readOnly).toBe(true)
    expect(store.alert).toMatch(/permission/)
  })

  it('still updates the board when closed while saving', async () => {
    let release: () => void = () => {}
    const { store, board, server } = await opened(12, (input) => {
      const answer = server.save(input)
      return new Promise((r) => (release = () => r(answer)))
    })
    store.form!.Name = 'Closed meanwhile'
    const saving = store.save()
    store.close()
    release()
    await saving
    expect(store.form).toBeNull()
    expect(board.records.get(12)?.Name).toBe('Closed meanwhile')
  })
})

describe('details store: an edit the outbox keeps', () => {
  it('is not saved while it waits, keeps the input, and shows the saved record once it lands', async () => {
    let kept: SaveInput | null = null
    const entry = {
      id: 'e-1',
      kind: 'save' as const,
      opportunityId: 12,
      toColumnId: null,
      outcome: null,
      fields: ['Name'],
      state: 'waiting' as const,
      message: 'Nexudus cannot be reached; this will be sent when it can.',
      attempts: 1,
      createdAt: '2026-12-03T10:00:00Z'
    }
    const { store, server } = await opened(12, async (input) => {
      kept = input
      return ok({ status: 'queued', entry })
    })
    store.form!.Name = 'Two desks'
    expect(await store.save()).toBe('queued')
    expect(store.saved).toBe(false)
    expect(store.queued?.entryId).toBe('e-1')
    expect(store.form?.Name).toBe('Two desks')
    expect(store.dirty).toBe(true)

    const landed = await server.save(kept!)
    if (!landed.ok || landed.data.status !== 'saved') throw new Error('the fake server did not save')
    const bridge = (await import('../services/api')).api() as ReturnType<typeof fakeApi>
    bridge.emit('outbox.settled', { kind: 'save', entryId: 'e-1', opportunityId: 12, result: landed.data })
    expect(store.queued).toBeNull()
    expect(store.saved).toBe(true)
    expect(store.record?.Name).toBe('Two desks')
  })
})
