/**
 * The composition root of the main-process services, free of Electron so the same object serves
 * Electron IPC (index.ts) and browser mode (src/web). Settings load and the saved session is
 * restored in the background; every handler waits for that first.
 */
import type { EventName, Handlers } from '../shared/bridge'
import { AppError, redactError } from './bridge/errors'
import { createBoardCache, type CacheAccount } from './board/cache'
import { createBoardService, type BoardService } from './board/service'
import { PositionIndex } from './board/position-index'
import { StageCache } from './board/stage-cache'
import { Session, type SecretStore } from './auth/session'
import { createDemoWorkspace, type StartDemo } from './demo'
import { listActiveBoards } from './nexudus/boards'
import { listOpportunityTypes, listUsers } from './nexudus/lookups'
import { createCoworkerDirectory, type CoworkerDirectory } from './opportunity/directory'
import { responsibleUsers, typeOptions } from './opportunity/people'
import { createNexudusClient, DEFAULT_SERVER, type NexudusClient } from './nexudus/client'
import type { TransportOptions } from './nexudus/transport'
import { loadSettings, type SettingsStore } from './settings'
import { accountKey } from './board/cache'
import { getOpportunity } from './nexudus/boards'
import { toCard } from '../shared/card'
import { outboxFiles } from './outbox/file'
import { createOutbox, type Outbox, type OutboxOptions } from './outbox/outbox'

export type { SecretStore } from './auth/session'
export type { StartDemo, DemoServer } from './demo'

export interface ServicesOptions {
  userDataDir: string
  /** null (browser mode, tests) or no OS keychain: the session is kept in memory only. */
  secretStore: SecretStore | null
  /** NEXUDUS_API_URL: the server offered when the user has not chosen one. */
  apiUrl?: string
  log?: (line: string) => void
  emit: (event: EventName, payload: unknown) => void
  /** Starts the demo workspace; defaults to the built-in sandbox. */
  startDemo?: StartDemo
  fetch?: typeof fetch
  /** The outbox's waits between tries while Nexudus cannot be reached (tests make them short). */
  outbox?: Pick<OutboxOptions, 'backoffMs' | 'maxServerErrors'>
  /** Clock, waits and deadlines, for tests. */
  tuning?: Pick<
    TransportOptions,
    'now' | 'sleep' | 'timeoutMs' | 'minIntervalMs' | 'burst' | 'writesPerMinute' | 'retry'
  >
}

export interface Services {
  handlers: Handlers
  /**
   * A window is (re)loading the app: its first question will be the last board's saved copy
   * (renderer start-early.ts), so reading that file starts now, while the page loads.
   */
  pageLoading(): void
  dispose(): Promise<void>
}

interface Core {
  settings: SettingsStore
  session: Session
  client: NexudusClient
  board: BoardService
  customers: CoworkerDirectory
  outbox: Outbox
}

/** Every handler's errors with the live tokens masked (the session knows them; patterns may miss a bare one). */
function redacting(handlers: Handlers, redact: (text: string) => string): Handlers {
  const out: Record<string, (input: unknown) => Promise<unknown>> = {}
  for (const [name, handler] of Object.entries(handlers) as [string, (input: unknown) => Promise<unknown>][])
    out[name] = async (input) => {
      try {
        return await handler(input)
      } catch (error) {
        throw error instanceof AppError ? redactError(error, redact) : error
      }
    }
  return out as unknown as Handlers
}

export function createServices(options: ServicesOptions): Services {
  const defaultServer = options.apiUrl?.trim() || DEFAULT_SERVER
  let session: Session | null = null
  // Every line passes the session's redactor: tokens must never reach a log, even by accident.
  const log = (line: string): void => options.log?.(session ? session.redact(line) : line)
  const demo = createDemoWorkspace(options.startDemo)
  // Cached stages and positions belong to one account on one server: any sign-in change drops them.
  const stages = new StageCache()
  const index = new PositionIndex()

  const boardCache = createBoardCache(options.userDataDir, log)
  /** Whose saved boards are in use: null when nobody is signed in. */
  const cacheAccount = (): CacheAccount | null => {
    const state = session?.state()
    if (!state?.signedIn || !state.email) return null
    // The demo workspace moves to a new port every run; it is still the same demo.
    return { server: state.demo ? 'demo' : state.server, email: state.email }
  }

  const readAhead = (settings: SettingsStore): void => {
    const account = cacheAccount()
    const lastBoardId = settings.get().lastBoardId
    if (account && lastBoardId) boardCache.readAhead(account, lastBoardId)
  }

  const redacted = async <T>(write: () => Promise<T>): Promise<T> => {
    try {
      return await write()
    } catch (error) {
      throw error instanceof AppError && session ? redactError(error, (t) => session!.redact(t)) : error
    }
  }

  let customers: CoworkerDirectory | null = null
  let outbox: Outbox | null = null
  /** The account whose outbox is in use; the outbox changes only when this does. */
  let outboxOf: string | null = null
  const useOutbox = (): void => {
    const account = cacheAccount()
    const key = account ? accountKey(account) : null
    if (!outbox || key === outboxOf) return
    outboxOf = key
    void outbox.use(account)
  }

  const ready: Promise<Core> = (async () => {
    const settings = await loadSettings(options.userDataDir, log)
    session = new Session({
      userDataDir: options.userDataDir,
      secretStore: options.secretStore,
      settings,
      defaultServer,
      fetch: options.fetch,
      now: options.tuning?.now,
      sleep: options.tuning?.sleep,
      timeoutMs: options.tuning?.timeoutMs,
      log,
      onChange: (state) => {
        stages.clear()
        index.clear()
        customers?.forget()
        useOutbox()
        options.emit('auth.changed', state)
      }
    })
    const client = createNexudusClient({ session, fetch: options.fetch, log, ...options.tuning })
    const board = createBoardService({
      client,
      settings,
      stages,
      index,
      log,
      onProgress: (progress) => options.emit('board.progress', progress),
      cache: { store: boardCache, account: cacheAccount }
    })
    customers = createCoworkerDirectory(client)
    outbox = createOutbox({
      files: outboxFiles(options.userDataDir, log),
      // Entries keep the words of the error that stopped them, and those reach the page.
      run: {
        move: (intent) => redacted(() => board.move(intent)),
        save: (input) => redacted(() => board.save(input)),
        card: async (id) => toCard(await getOpportunity(client, id))
      },
      emit: (state) => options.emit('outbox.changed', state),
      settled: (event) => options.emit('outbox.settled', event),
      log,
      ...options.outbox
    })
    await session.restore()
    useOutbox()
    readAhead(settings)
    return { settings, session, client, board, customers, outbox }
  })()
  // Surfaced by the first handler that awaits it; this only keeps it from being "unhandled".
  ready.catch((error: unknown) =>
    log(`services: start-up failed: ${error instanceof Error ? error.message : String(error)}`)
  )

  const handlers: Handlers = {
    'auth.status': async () => (await ready).session.state(),

    'auth.signIn': async ({ email, password, totp, server }) => {
      const { session, settings } = await ready
      return session.signIn({
        email,
        password,
        totp,
        server: server ?? settings.get().server ?? defaultServer
      })
    },

    'auth.openDemo': async () => {
      const { session } = await ready
      let running
      try {
        running = await demo.ensure()
      } catch (error) {
        log(`demo: could not start: ${error instanceof Error ? error.message : String(error)}`)
        throw new AppError('Server', 'The demo workspace could not be started. Please try again.')
      }
      return session.signIn({
        server: running.url,
        email: running.email,
        password: running.password,
        demo: true
      })
    },

    'auth.signOut': async () => {
      const { session } = await ready
      // Signing out leaves no pipeline behind on this computer (a shared machine's next user
      // cannot read it). A session that merely expired keeps its saved boards for the next sign-in.
      const account = cacheAccount()
      const state = await session.signOut()
      if (account) await boardCache.forget(account)
      return state
    },

    'boards.list': async () => listActiveBoards((await ready).client),

    'board.load': async ({ boardId }) => (await ready).board.load(boardId),

    'board.cached': async ({ boardId }) => (await ready).board.cached(boardId),

    'board.changes': async ({ boardId, since }) => (await ready).board.changes(boardId, since),

    'board.notes': async ({ boardId }) => (await ready).board.notes(boardId),

    'board.stageTimes': async ({ boardId }) => (await ready).board.stageTimes(boardId),

    'opportunity.move': async (intent) => (await ready).outbox.move(intent),

    'opportunity.get': async ({ id }) => (await ready).board.details(id),

    'opportunity.save': async (input) => (await ready).outbox.save(input),

    'opportunity.create': async (input) => (await ready).board.create(input),

    'opportunity.delete': async ({ id }) => (await ready).board.delete(id),

    'lookup.coworkers': async ({ query }) => (await ready).customers.search(query),

    'lookup.users': async () => responsibleUsers(await listUsers((await ready).client)),

    'lookup.opportunityTypes': async ({ businessId }) =>
      typeOptions(await listOpportunityTypes((await ready).client, businessId)),

    'outbox.list': async () => {
      const { outbox } = await ready
      await outbox.ready()
      return outbox.state()
    },

    'outbox.retry': async ({ id }) => {
      const { outbox } = await ready
      await outbox.ready()
      return outbox.retry(id)
    },

    'outbox.discard': async ({ id }) => {
      const { outbox } = await ready
      await outbox.ready()
      return outbox.discard(id)
    }
  }

  return {
    handlers: redacting(handlers, (text) => (session ? session.redact(text) : text)),
    pageLoading() {
      ready.then((core) => readAhead(core.settings)).catch(() => {})
    },
    async dispose() {
      const core = await ready.catch(() => null)
      const outboxClosed = core?.outbox.close()
      core?.client.close()
      await outboxClosed
      // board.load does not wait for its saved copy; the app must not quit halfway through one.
      await boardCache.settle()
      core?.session.close()
      await core?.session.flush()
      await demo.close()
    }
  }
}
