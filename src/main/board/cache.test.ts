import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { BoardSnapshot } from '../../shared/bridge'
import { accountKey, CACHE_VERSION, createBoardCache } from './cache'
import { packCards } from '../../shared/card'

const account = { server: 'https://spaces.nexudus.com', email: 'alex@example.com' }
const snapshot: BoardSnapshot = {
  board: { Id: 7, BusinessId: 1, Name: 'Desks', Archived: false },
  columns: [{ Id: 70, CrmBoardId: 7, Name: 'New', Position: 1 }],
  cards: packCards([{ Id: 700, CrmBoardColumnId: 70, Position: 100, Status: 1, Name: 'Hot desk' }]),
  currency: 'GBP',
  loadedAt: '2026-11-27T10:00:00.000Z'
}

let dir: string
let logs: string[]
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pipeline-cache-'))
  logs = []
})
afterEach(() => rm(dir, { recursive: true, force: true }))

const fileOf = (boardId = 7) => join(dir, 'cache', accountKey(account), `board-${boardId}.json`)

describe('board cache', () => {
  it('gives back what was saved', async () => {
    const cache = createBoardCache(dir, (l) => logs.push(l))
    await cache.write(account, snapshot)
    expect(await cache.read(account, 7)).toEqual(snapshot)
  })

  it('answers the first read of a board read ahead from what was read then, once', async () => {
    const cache = createBoardCache(dir, (l) => logs.push(l))
    await cache.write(account, snapshot)
    cache.readAhead(account, 7)
    // Whatever happens to the file after the read ahead started, the first read answers what it read.
    await new Promise((done) => setTimeout(done, 50))
    await rm(fileOf())
    expect(await cache.read(account, 7)).toEqual(snapshot)
    expect(await cache.read(account, 7)).toBeNull()
  })

  it('drops a read ahead once a newer copy is written, and on sign-out', async () => {
    const cache = createBoardCache(dir, (l) => logs.push(l))
    await cache.write(account, snapshot)
    cache.readAhead(account, 7)
    const newer = { ...snapshot, loadedAt: '2026-11-27T11:00:00.000Z' }
    await cache.write(account, newer)
    expect(await cache.read(account, 7)).toEqual(newer)
    cache.readAhead(account, 7)
    await cache.forget(account)
    expect(await cache.read(account, 7)).toBeNull()
  })

  it('has nothing for a board never saved, or for another account', async () => {
    const cache = createBoardCache(dir, (l) => logs.push(l))
    await cache.write(account, snapshot)
    expect(await cache.read(account, 8)).toBeNull()
    expect(await cache.read({ ...account, email: 'sam@example.com' }, 7)).toBeNull()
  })

  it.each([
    ['truncated JSON', () => '{"version":1,"snapshot":{"board":'],
    ['another version', () => JSON.stringify({ version: CACHE_VERSION + 1, snapshot })],
    ['not a snapshot', () => JSON.stringify({ version: CACHE_VERSION, snapshot: { board: 'x' } })],
    [
      'another board',
      () =>
        JSON.stringify({
          version: CACHE_VERSION,
          snapshot: { ...snapshot, board: { ...snapshot.board, Id: 8 } }
        })
    ],
    ['binary garbage', () => '\u0000\u00ff\u0013']
  ])('ignores and removes a file with %s, never throwing', async (_what, content) => {
    const cache = createBoardCache(dir, (l) => logs.push(l))
    await cache.write(account, snapshot)
    await writeFile(fileOf(), content())
    expect(await cache.read(account, 7)).toBeNull()
    expect(await readdir(join(dir, 'cache', accountKey(account)))).toEqual([])
    expect(logs.join('\n')).toContain('cache: ignoring')
    // Saving again works after a corrupt file.
    await cache.write(account, snapshot)
    expect(await cache.read(account, 7)).toEqual(snapshot)
  })

  it('writes a versioned file', async () => {
    await createBoardCache(dir, () => {}).write(account, snapshot)
    const saved = JSON.parse(await readFile(fileOf(), 'utf8')) as { version: number }
    expect(saved.version).toBe(CACHE_VERSION)
  })

  it('a failed write is logged, not thrown', async () => {
    const cache = createBoardCache(join(dir, 'missing', '\u0000bad'), (l) => logs.push(l))
    await expect(cache.write(account, snapshot)).resolves.toBeUndefined()
    expect(logs.join('\n')).toContain('could not save')
  })
})
