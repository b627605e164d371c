import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { DEMO_USERS, startSandbox, type RunningSandbox } from '../../sandbox'
import { createServices } from '../services'
import { accountKey } from './cache'

let sandbox: RunningSandbox
let dir: string
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true })
  sandbox.control.setSwitches({ limits: null })
  dir = await mkdtemp(join(tmpdir(), 'pipeline-cached-'))
})
afterAll(async () => {
  await sandbox.close()
  await rm(dir, { recursive: true, force: true })
})

const start = (events: Array<[string, unknown]> = []) =>
  createServices({
    userDataDir: dir,
    secretStore: null,
    apiUrl: sandbox.url,
    emit: (event, payload) => events.push([event, payload]),
    tuning: { minIntervalMs: 0 }
  })

it('a loaded board is there at the next start, for the same account only, with progress on the way', async () => {
  const boardId = [...sandbox.control.state.data.boards.values()].find(
    (b) => b.Name === 'Memberships & desks'
  )!.Id as number
  const events: Array<[string, unknown]> = []
  const first = start(events)
  await first.handlers['auth.signIn']({ ...DEMO_USERS.admin })
  expect(await first.handlers['board.cached']({ boardId })).toBeNull()
  const loaded = await first.handlers['board.load']({ boardId })
  const progress = events.filter(([e]) => e === 'board.progress').map(([, p]) => p as { loaded: number })
  expect(progress.at(-1)?.loaded).toBe(loaded.cards.count)
  await first.dispose()

  // A new process: the session is gone (no keychain here), the cache is on disk.
  const second = start()
  await second.handlers['auth.signIn']({ ...DEMO_USERS.admin })
  await expect.poll(() => second.handlers['board.cached']({ boardId })).toEqual(loaded)
  await second.handlers['auth.signOut'](undefined)
  await second.handlers['auth.signIn']({
    email: DEMO_USERS.readOnly.email,
    password: DEMO_USERS.readOnly.password
  })
  expect(await second.handlers['board.cached']({ boardId })).toBeNull()
  await second.dispose()
})

it('signing out removes the account’s saved boards; a session that ends without signing out keeps them', async () => {
  const boardId = [...sandbox.control.state.data.boards.values()].find(
    (b) => b.Name === 'Memberships & desks'
  )!.Id as number
  const services = start()
  const { readOnly, admin } = DEMO_USERS
  await services.handlers['auth.signIn']({ email: readOnly.email, password: readOnly.password })
  const theirs = await services.handlers['board.load']({ boardId })
  await services.handlers['auth.signOut'](undefined)
  await services.handlers['auth.signIn']({ ...admin })
  await services.handlers['board.load']({ boardId })
  await expect.poll(() => services.handlers['board.cached']({ boardId })).not.toBeNull()

  await services.handlers['auth.signOut'](undefined)
  await services.handlers['auth.signIn']({ ...admin })
  expect(await services.handlers['board.cached']({ boardId })).toBeNull()
  await services.dispose()

  // The read-only user signed out too, so theirs is gone as well; a session that ends without
  // signing out (a new process here) keeps what was saved.
  const later = start()
  await later.handlers['auth.signIn']({ email: readOnly.email, password: readOnly.password })
  expect(await later.handlers['board.cached']({ boardId })).toBeNull()
  await later.handlers['board.load']({ boardId })
  await later.dispose()
  const next = start()
  await next.handlers['auth.signIn']({ email: readOnly.email, password: readOnly.password })
  await expect
    .poll(() => next.handlers['board.cached']({ boardId }))
    .toEqual({
      ...theirs,
      loadedAt: expect.any(String)
    })
  await next.dispose()
})

it('a page that starts loading has the last board read ahead: its first board.cached needs no disk', async () => {
  const boardId = [...sandbox.control.state.data.boards.values()].find(
    (b) => b.Name === 'Memberships & desks'
  )!.Id as number
  const services = start()
  await services.handlers['auth.signIn']({ ...DEMO_USERS.admin })
  const loaded = await services.handlers['board.load']({ boardId })
  await expect.poll(() => services.handlers['board.cached']({ boardId })).toEqual(loaded)

  services.pageLoading()
  await new Promise((done) => setTimeout(done, 100))
  const folder = join(dir, 'cache', accountKey({ server: sandbox.url, email: DEMO_USERS.admin.email }))
  await rm(folder, { recursive: true, force: true })
  expect(await services.handlers['board.cached']({ boardId })).toEqual(loaded)
  // Read ahead once: the next ask goes to the disk, where nothing is left.
  expect(await services.handlers['board.cached']({ boardId })).toBeNull()
  await services.handlers['auth.signOut'](undefined)
  await services.dispose()
})
