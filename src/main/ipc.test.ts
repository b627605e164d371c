/**
 * The IPC transport end to end, in-process: renderer code calls the preload-built `window.nexudus`
 * → fake ipcRenderer.invoke (structured clone) → fake ipcMain → sender check → dispatch → handler,
 * and back. Events go the other way: services' emit → webContents.send → preload → listeners.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  IPC_EVENT_CHANNEL,
  ipcChannel,
  methodNames,
  type AuthState,
  type EventName,
  type Handlers,
  type HandlerInput,
  type MethodInput,
  type MethodName,
  type MethodOutput,
  type NexudusApi
} from '../shared/bridge'
import type { OutboxState } from '../shared/outbox'
import type { Result } from '../shared/result'
import { createDispatcher } from './bridge/dispatch'
import { createEmitter, createSenderCheck, FORBIDDEN_MESSAGE, registerBridge } from './ipc'
import { resolveAppLocation } from './security'
import {
  attachRenderer,
  contextBridge,
  FakeFrame,
  FakeWebContents,
  ipcMain,
  ipcRenderer,
  resetFakeElectron
} from './testing/fake-electron'
// The real preload, loaded once as in a renderer: it exposes window.nexudus via the fake contextBridge.
import '../preload/index'
import { packCards } from '../shared/card'

vi.mock('electron', () => import('./testing/fake-electron'))

const location = resolveAppLocation('/opt/pipeline/out/renderer/index.html')
const appUrl = location.kind === 'file' ? location.indexUrl : ''

const moveIntent = {
  opportunityId: 11,
  expected: { columnId: 3, updatedOn: '2025-01-15T10:30:00.1234567Z' },
  to: { columnId: 4, afterId: 12, beforeId: null },
  outcome: { status: 'lost' as const, lossReason: 4 }
}
const card = { Id: 11, CrmBoardColumnId: 4, Position: 150, Status: 3 as const, LossReason: 4 }
const details = {
  ...card,
  CoworkerId: 5,
  CoworkerFullName: 'Ada Lovelace',
  UpdatedOn: '2025-01-15T10:30:00.1234567Z',
  DueDate: '2025-02-01T00:00:00Z',
  ReferrerFullName: null,
  AgentFullName: 'Broker & Co'
}
const saveInput = {
  id: 11,
  expectedUpdatedOn: '2025-01-15T10:30:00.1234567Z',
  changes: { Name: 'Desk by the window', DueDate: '2025-02-01', Value: 1200, LossReason: null },
  overwrite: false
}
const createInput = { columnId: 4, fields: { CoworkerId: 5, Name: 'Two desks', DueDate: '2025-03-01' } }

const outboxState: OutboxState = {
  entries: [
    {
      id: 'e-1',
      kind: 'move',
      opportunityId: 11,
      toColumnId: 4,
      outcome: null,
      fields: [],
      state: 'waiting',
      message: 'Nexudus cannot be reached; this will be sent when it can.',
      attempts: 1,
      createdAt: '2025-06-01T10:00:00.000Z'
    }
  ],
  nextAttemptAt: '2025-06-01T10:00:05.000Z',
  sent: 0,
  version: 3
}

const authState: AuthState = {
  signedIn: true,
  email: 'ada@example.com',
  server: 'https://spaces.nexudus.com',
  demo: false,
  persistence: 'encrypted',
  notice: null
}

// Typed per method, so adding a bridge method fails to compile here until it is covered.
const validInputs: { [M in MethodName]: MethodInput<M> } = {
  'auth.status': undefined,
  'auth.signIn': {
    email: '  ada@example.com ',
    password: 'pw',
    totp: ' 123456',
    server: 'https://spaces.nexudus.com'
  },
  'auth.openDemo': {},
  'auth.signOut': undefined,
  'boards.list': {},
  'board.load': { boardId: 7 },
  'board.cached': { boardId: 7 },
  'board.changes': { boardId: 7, since: '2025-06-01T10:00:00.1234567Z' },
  'board.notes': { boardId: 7 },
  'board.stageTimes': { boardId: 7 },
  'opportunity.move': moveIntent,
  'opportunity.get': { id: 11 },
  'opportunity.save': saveInput,
  'opportunity.create': createInput,
  'opportunity.delete': { id: 11 },
  'lookup.coworkers': { query: '  ada ' },
  'lookup.users': undefined,
  'lookup.opportunityTypes': { businessId: 2 },
  'outbox.list': undefined,
  'outbox.retry': { id: 'e-1' },
  'outbox.discard': { id: 'e-1' }
}
// What the handler must see: the parsed (trimmed) input, not what the renderer sent.
const expectedInputs: { [M in MethodName]: HandlerInput<M> } = {
  'auth.status': undefined,
  'auth.signIn': {
    email: 'ada@example.com',
    password: 'pw',
    totp: '123456',
    server: 'https://spaces.nexudus.com'
  },
  'auth.openDemo': {},
  'auth.signOut': undefined,
  'boards.list': {},
  'board.load': { boardId: 7 },
  'board.cached': { boardId: 7 },
  'board.changes': { boardId: 7, since: '2025-06-01T10:00:00.1234567Z' },
  'board.notes': { boardId: 7 },
  'board.stageTimes': { boardId: 7 },
  'opportunity.move': moveIntent,
  'opportunity.get': { id: 11 },
  'opportunity.save': saveInput,
  'opportunity.create': createInput,
  'opportunity.delete': { id: 11 },
  'lookup.coworkers': { query: 'ada' },
  'lookup.users': undefined,
  'lookup.opportunityTypes': { businessId: 2 },
  'outbox.list': undefined,
  'outbox.retry': { id: 'e-1' },
  'outbox.discard': { id: 'e-1' }
}
const outputs: { [M in MethodName]: MethodOutput<M> } = {
  'auth.status': authState,
  'auth.signIn': authState,
  'auth.openDemo': { ...authState, demo: true },
  'auth.signOut': { ...authState, signedIn: false, email: null },
  'boards.list': [{ Id: 1, BusinessId: 2, Name: 'Sales' }],
  'board.cached': null,
  'board.changes': { cards: [card], through: '2025-06-01T10:05:00Z', total: 1 },
  'board.notes': [[11, 'Wants a window seat']],
  'board.stageTimes': [{ id: 11, columnId: 4, since: '2025-05-01T09:00:00Z' }],
  'board.load': {
    board: { Id: 7, BusinessId: 2, Name: 'Sales' },
    columns: [{ Id: 4, CrmBoardId: 7, Name: 'Lost', Position: 1, LoseOpportunity: true }],
    cards: packCards([card]),
    currency: 'GBP',
    loadedAt: '2025-06-01T10:00:00.000Z'
  },
  'opportunity.move': { opportunity: card, columns: [{ columnId: 4, opportunities: [card] }], writes: 1 },
  'opportunity.get': {
    record: details,
    history: [
      {
        Id: 90,
        OldCrmBoardColumnId: null,
        OldCrmBoardColumnName: null,
        NewCrmBoardColumnId: 3,
        NewCrmBoardColumnName: 'Lead',
        FromTime: '2025-01-01T09:00:00Z',
        ToTime: '2025-01-01T09:00:00Z',
        UserFullName: null
      }
    ]
  },
  'opportunity.save': { status: 'saved', record: details, card },
  'opportunity.create': { opportunity: card, column: { columnId: 4, opportunities: [card] } },
  'opportunity.delete': { id: 11 },
  'lookup.coworkers': [{ Id: 5, FullName: 'Ada Lovelace', Email: 'ada@example.com', CompanyName: null }],
  'lookup.users': [{ Id: 9, FullName: 'Alex Morgan', Email: 'alex@example.com' }],
  'lookup.opportunityTypes': [{ Id: 3, Name: 'Private office', NotesTemplate: 'Team size:' }],
  'outbox.list': outboxState,
  'outbox.retry': outboxState,
  'outbox.discard': { ...outboxState, entries: [] }
}
const malformed: { [M in MethodName]: { wrongType: unknown; extraKey: unknown; nonObject: unknown } } = {
  'auth.status': { wrongType: [], extraKey: { verbose: true }, nonObject: 'status' },
  'auth.signIn': {
    wrongType: { email: 42, password: 'pw' },
    extraKey: { email: 'ada@example.com', password: 'pw', role: 'admin' },
    nonObject: 'ada@example.com'
  },
  'auth.openDemo': { wrongType: [], extraKey: { server: 'https://evil.example' }, nonObject: 1 },
  'auth.signOut': { wrongType: [], extraKey: { everywhere: true }, nonObject: true },
  'boards.list': { wrongType: [], extraKey: { size: 1000 }, nonObject: 'all' },
  'board.load': { wrongType: { boardId: '7' }, extraKey: { boardId: 7, size: 1000 }, nonObject: 7 },
  'board.cached': { wrongType: { boardId: null }, extraKey: { boardId: 7, at: 1 }, nonObject: 'x' },
  'board.notes': { wrongType: { boardId: 'seven' }, extraKey: { boardId: 7, all: true }, nonObject: 7 },
  'board.stageTimes': { wrongType: { boardId: null }, extraKey: { boardId: 7, since: 1 }, nonObject: [] },
  'board.changes': {
    wrongType: { boardId: 7, since: 'yesterday' },
    extraKey: { boardId: 7, since: '2025-06-01T10:00:00Z', all: true },
    nonObject: 7
  },
  'opportunity.move': {
    wrongType: { ...moveIntent, opportunityId: '11' },
    extraKey: { ...moveIntent, to: { ...moveIntent.to, Position: 1 } },
    nonObject: 'move'
  },
  'opportunity.get': { wrongType: { id: '11' }, extraKey: { id: 11, history: true }, nonObject: 11 },
  'opportunity.save': {
    wrongType: { ...saveInput, overwrite: 'yes' },
    // Stage and Position belong to the board (opportunity.move), not to the drawer.
    extraKey: { ...saveInput, changes: { ...saveInput.changes, Position: 1 } },
    nonObject: 'save'
  },
  'opportunity.create': {
    wrongType: { columnId: 4, fields: { CoworkerId: 'ada' } },
    extraKey: { ...createInput, Position: 1 },
    nonObject: null
  },
  'opportunity.delete': { wrongType: { id: 1.5 }, extraKey: { id: 11, force: true }, nonObject: '11' },
  'lookup.coworkers': { wrongType: { query: 5 }, extraKey: { query: 'ada', size: 1000 }, nonObject: 'ada' },
  'lookup.users': { wrongType: [], extraKey: { inactive: true }, nonObject: 'users' },
  'lookup.opportunityTypes': {
    wrongType: { businessId: '2' },
    extraKey: { businessId: 2, all: true },
    nonObject: 2
  },
  'outbox.list': { wrongType: [], extraKey: { all: true }, nonObject: 'list' },
  'outbox.retry': { wrongType: { id: 7 }, extraKey: { id: 'e-1', force: true }, nonObject: 'e-1' },
  'outbox.discard': { wrongType: { id: '' }, extraKey: { id: 'e-1', silently: true }, nonObject: null }
}

function recordingHandlers() {
  const calls: { name: MethodName; input: unknown }[] = []
  const handlers = Object.fromEntries(
    methodNames.map((name) => [
      name,
      async (input: unknown) => {
        calls.push({ name, input })
        return outputs[name]
      }
    ])
  ) as unknown as Handlers
  return { calls, handlers }
}

type AnyCall = (input?: unknown) => Promise<Result<unknown>>

/** `api.auth.signIn(input)` for a method given by name, bypassing the static input types on purpose. */
function callApi(api: NexudusApi, name: MethodName, input: unknown): Promise<Result<unknown>> {
  const [ns, method] = name.split('.') as [string, string]
  const call = (api as unknown as Record<string, Record<string, AnyCall>>)[ns]?.[method]
  if (!call) throw new Error(`window.nexudus has no ${name}`)
  return call(input)
}

const api = contextBridge.exposed.nexudus as NexudusApi

let ours: FakeWebContents
let calls: { name: MethodName; input: unknown }[]
let unregister: () => void
const log = vi.fn<(line: string) => void>()

beforeEach(() => {
  resetFakeElectron()
  log.mockClear()
  ours = new FakeWebContents(`${appUrl}#/board/7`)
  attachRenderer(ours)
  const recorded = recordingHandlers()
  calls = recorded.calls
  unregister = registerBridge(
    ipcMain,
    createDispatcher(recorded.handlers),
    createSenderCheck(() => ours, location),
    log
  )
})

afterEach(() => unregister())

describe('registerBridge', () => {
  it('registers exactly one channel per bridge method, and unregisters them', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual(methodNames.map(ipcChannel).sort())
    unregister()
    expect(ipcMain.handlers.size).toBe(0)
    unregister = () => {}
  })

  it.each(methodNames)(
    '%s reaches its handler with the validated input and returns its Result',
    async (name) => {
      const result = await callApi(api, name, validInputs[name])
      expect(result).toEqual({ ok: true, data: outputs[name] })
      expect(calls).toEqual([{ name, input: expectedInputs[name] }])
    }
  )

  it.each(methodNames)(
    '%s rejects malformed input with Validation and never runs the handler',
    async (name) => {
      for (const [label, input] of Object.entries(malformed[name])) {
        const result = await callApi(api, name, input)
        expect(result.ok, label).toBe(false)
        if (!result.ok) expect(result.error.kind, label).toBe('Validation')
      }
      expect(calls).toEqual([])
    }
  )

  it('answers the drawer’s own words for each invalid field, and a save without changes', async () => {
    const result = await callApi(api, 'opportunity.save', {
      ...saveInput,
      changes: { Value: -1, DueDate: '2025-02-30', Name: 'x'.repeat(201) }
    })
    expect(result).toMatchObject({
      ok: false,
      error: {
        kind: 'Validation',
        fields: {
          'changes.Value': 'The value cannot be negative',
          'changes.DueDate': 'Enter a real date',
          'changes.Name': 'Keep it under 200 characters'
        }
      }
    })
    const empty = await callApi(api, 'opportunity.save', { ...saveInput, changes: {} })
    expect(empty).toMatchObject({ ok: false, error: { kind: 'Validation', message: 'Nothing to save' } })
    const noCustomer = await callApi(api, 'opportunity.create', { columnId: 4, fields: {} })
    expect(noCustomer).toMatchObject({
      ok: false,
      error: { fields: { 'fields.CoworkerId': expect.any(String) } }
    })
    expect(calls).toEqual([])
  })

  it('has no channel for a name outside the bridge', async () => {
    await expect(ipcRenderer.invoke('nexudus:fs.readFile', { path: '/etc/passwd' })).rejects.toThrow(
      /No handler registered/
    )
  })
})

describe('sender check', () => {
  const foreign: [string, () => void][] = [
    [
      'our main frame after navigating to another origin',
      () => {
        ours.mainFrame.url = 'https://evil.example/'
      }
    ],
    [
      'another file next to our index.html',
      () => {
        ours.mainFrame.url = appUrl.replace('index.html', 'other.html')
      }
    ],
    ['a sub-frame showing our URL', () => attachRenderer(ours, new FakeFrame(appUrl, ours.mainFrame))],
    ['a second top-level frame in our webContents', () => attachRenderer(ours, new FakeFrame(appUrl))],
    ['a missing frame (navigated or destroyed)', () => attachRenderer(ours, null)],
    ['the main frame of another window showing our URL', () => attachRenderer(new FakeWebContents(appUrl))],
    [
      'our window after it was destroyed',
      () => {
        ours.destroy()
      }
    ]
  ]

  it.each(foreign)('refuses %s with Forbidden and never runs the handler', async (_label, arrange) => {
    arrange()
    for (const name of methodNames) {
      const result = await callApi(api, name, validInputs[name])
      expect(result).toEqual({ ok: false, error: { kind: 'Forbidden', message: FORBIDDEN_MESSAGE } })
    }
    expect(calls).toEqual([])
    expect(log).toHaveBeenCalled()
  })

  it('accepts our page with any route, and in dev only the dev server origin', () => {
    const check = createSenderCheck(() => ours, location)
    ours.mainFrame.url = `${appUrl}?x=1#/settings`
    expect(check({ sender: ours, senderFrame: ours.mainFrame })).toBe(true)

    const dev = resolveAppLocation('/unused/index.html', 'http://localhost:5173/')
    const devCheck = createSenderCheck(() => ours, dev)
    ours.mainFrame.url = 'http://localhost:5173/#/board'
    expect(devCheck({ sender: ours, senderFrame: ours.mainFrame })).toBe(true)
    ours.mainFrame.url = 'http://localhost:5174/'
    expect(devCheck({ sender: ours, senderFrame: ours.mainFrame })).toBe(false)
    ours.mainFrame.url = appUrl
    expect(devCheck({ sender: ours, senderFrame: ours.mainFrame })).toBe(false)
  })

  it('refuses everything while there is no window', () => {
    const check = createSenderCheck(() => null, location)
    expect(check({ sender: ours, senderFrame: ours.mainFrame })).toBe(false)
  })
})

describe('events', () => {
  it('reach renderer listeners as the bare payload, with keys outside the contract stripped', () => {
    const emit = createEmitter(() => ours, log)
    const listener = vi.fn()
    api.on('auth.changed', listener)
    emit('auth.changed', { ...authState, accessToken: 'secret-token' })
    expect(listener).toHaveBeenCalledTimes(1)
    expect(listener.mock.calls[0]).toEqual([authState])
  })

  it('stop after unsubscribe, and other subscriptions keep working', () => {
    const emit = createEmitter(() => ours, log)
    const first = vi.fn()
    const second = vi.fn()
    const offFirst = api.on('auth.changed', first)
    const offSecond = api.on('auth.changed', second)
    offFirst()
    emit('auth.changed', authState)
    expect(first).not.toHaveBeenCalled()
    expect(second).toHaveBeenCalledTimes(1)
    offSecond()
  })

  it('use a single ipcRenderer listener however many subscriptions there are', () => {
    const offs = [api.on('auth.changed', () => {}), api.on('auth.changed', () => {})]
    expect(ipcRenderer.listenerCount(IPC_EVENT_CHANNEL)).toBe(1)
    offs.forEach((off) => off())
  })

  it('throw on subscribing to an unknown event name', () => {
    expect(() => api.on('auth.hacked' as EventName, () => {})).toThrow(/Unknown event/)
  })

  it('are dropped (and logged) when the payload or name is outside the contract, or the window is gone', () => {
    const emit = createEmitter(() => ours, log)
    const listener = vi.fn()
    const off = api.on('auth.changed', listener)
    emit('auth.changed', { signedIn: 'yes' })
    emit('auth.hacked' as EventName, authState)
    expect(log).toHaveBeenCalledTimes(2)
    ours.destroy()
    emit('auth.changed', authState)
    createEmitter(() => null)('auth.changed', authState)
    expect(listener).not.toHaveBeenCalled()
    expect(ours.sent).toEqual([])
    off()
  })
})
