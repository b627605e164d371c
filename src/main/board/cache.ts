/**
 * The last snapshot of each board, kept in userData so the next start draws the board at once
 * and refreshes it in the background. A cache is a convenience, never a source of truth: a file
 * that is missing, from another version, for another account, unreadable or not a snapshot is
 * ignored (and removed), never fatal. Files are per account, so signing in as someone else never
 * shows the previous user's pipeline.
 */
import { createHash } from 'node:crypto'
import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { BoardSnapshot } from '../../shared/bridge'
import { parseChecked } from '../bridge/checked'
import { removeFile, writeFileAtomic } from '../fs-atomic'

/** Bump when the snapshot's shape changes: older files are then ignored. 2: cards, not records; 3: packed rows; 4: packed columns; 5: email and type on cards. */
export const CACHE_VERSION = 5

export interface CacheAccount {
  server: string
  email: string
}

export interface BoardCache {
  read(account: CacheAccount, boardId: number): Promise<BoardSnapshot | null>
  /**
   * Starts reading a board before anyone asks (app start: the board last opened), so that the
   * window's first read() of it answers at once instead of parsing ~1 MB while the user waits.
   * Kept for one read, until a newer copy is written, or a minute at most.
   */
  readAhead(account: CacheAccount, boardId: number): void
  write(account: CacheAccount, snapshot: BoardSnapshot): Promise<void>
  /** Removes every board saved for this account (sign-out), after any write under way. */
  forget(account: CacheAccount): Promise<void>
  /** Resolves once every write under way is done (the app is closing). */
  settle(): Promise<void>
}

export function accountKey(account: CacheAccount): string {
  return createHash('sha256')
    .update(`${account.server.toLowerCase()}\n${account.email.toLowerCase()}`)
    .digest('hex')
    .slice(0, 16)
}

export function createBoardCache(userDataDir: string, log: (line: string) => void): BoardCache {
  const dirOf = (account: CacheAccount): string => join(userDataDir, 'cache', accountKey(account))
  const fileOf = (account: CacheAccount, boardId: number): string =>
    join(dirOf(account), `board-${boardId}.json`)
  /** Writes are not awaited by board.load; forget() must not be overtaken by one. */
  const writing = new Set<Promise<void>>()
  let ahead: { file: string; snapshot: Promise<BoardSnapshot | null> } | null = null
  const dropAhead = (file?: string): void => {
    if (!file || ahead?.file === file) ahead = null
  }

  return {
    read(account, boardId) {
      const file = fileOf(account, boardId)
      const early = ahead?.file === file ? ahead.snapshot : null
      dropAhead(file)
      return early ?? readSaved(file, boardId)
    },

    readAhead(account, boardId) {
      const file = fileOf(account, boardId)
      const entry = { file, snapshot: readSaved(file, boardId) }
      ahead = entry
      setTimeout(() => {
        if (ahead === entry) ahead = null
      }, 60_000).unref?.()
    },

    write(account, snapshot) {
      dropAhead(fileOf(account, snapshot.board.Id))
      const done = save(account, snapshot).finally(() => writing.delete(done))
      writing.add(done)
      return done
    },

    async settle() {
      await Promise.allSettled([...writing])
    },

    async forget(account) {
      dropAhead()
      await Promise.allSettled([...writing])
      await rm(dirOf(account), { recursive: true, force: true }).catch((error: unknown) =>
        log(`cache: could not remove saved boards (${error instanceof Error ? error.message : 'error'})`)
      )
    }
  }

  async function readSaved(file: string, boardId: number): Promise<BoardSnapshot | null> {
    let text: string
    try {
      text = await readFile(file, 'utf8')
    } catch {
      return null
    }
    try {
      const parsed = JSON.parse(text) as { version?: unknown; snapshot?: unknown }
      if (parsed.version !== CACHE_VERSION) throw new Error(`version ${String(parsed.version)}`)
      const snapshot = parseChecked(BoardSnapshot, parsed.snapshot)
      if (snapshot.board.Id !== boardId) throw new Error('another board')
      return snapshot
    } catch (error) {
      log(`cache: ignoring ${file} (${error instanceof Error ? error.message.slice(0, 120) : 'unreadable'})`)
      await removeFile(file).catch(() => {})
      return null
    }
  }

  async function save(account: CacheAccount, snapshot: BoardSnapshot): Promise<void> {
    try {
      await writeFileAtomic(
        fileOf(account, snapshot.board.Id),
        JSON.stringify({ version: CACHE_VERSION, savedAt: new Date().toISOString(), snapshot })
      )
    } catch (error) {
      // A full disk must not fail the load that produced the snapshot.
      log(
        `cache: could not save board ${snapshot.board.Id} (${error instanceof Error ? error.message : 'error'})`
      )
    }
  }
}
