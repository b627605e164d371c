/**
 * The session on disk: <userData>/session.bin = a version prefix + the OS-encrypted JSON. Only the
 * SecretStore (Electron's safeStorage in the app) can read it back; no plain copy is ever written.
 * A file that cannot be read for any reason is deleted, never fatal: the user signs in again.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { removeFile, writeFileAtomic } from '../fs-atomic'

/** Encrypts the session for disk; the Electron implementation wraps safeStorage (src/main/secret-store.ts). */
export interface SecretStore {
  isEncryptionAvailable(): boolean
  encryptString(plain: string): Buffer
  decryptString(data: Buffer): string
}

export const SESSION_FILE = 'session.bin'
/** Bump the version when StoredSession changes shape; older files are then discarded. */
const PREFIX = Buffer.from('pipeline-session/v1\n', 'latin1')

export const StoredSession = z.object({
  server: z.string().min(1),
  email: z.string(),
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1).nullable(),
  /** Epoch ms when the access token stops working. */
  expiresAt: z.number(),
  /** The token's lifetime when issued, to refresh at a fraction of it. */
  lifetimeMs: z.number().positive(),
  clientId: z.string().min(1)
})
export type StoredSession = z.infer<typeof StoredSession>

export function canEncrypt(store: SecretStore | null): store is SecretStore {
  try {
    return store !== null && store.isEncryptionAvailable()
  } catch {
    return false
  }
}

export function encodeSession(store: SecretStore, session: StoredSession): Buffer {
  return Buffer.concat([PREFIX, store.encryptString(JSON.stringify(session))])
}

/** null for anything that is not a session this version wrote and this store can decrypt. */
export function decodeSession(store: SecretStore, data: Buffer): StoredSession | null {
  if (data.length <= PREFIX.length || !data.subarray(0, PREFIX.length).equals(PREFIX)) return null
  try {
    const parsed = StoredSession.safeParse(JSON.parse(store.decryptString(data.subarray(PREFIX.length))))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

export const sessionPath = (userDataDir: string): string => join(userDataDir, SESSION_FILE)

export async function readSessionFile(
  userDataDir: string,
  store: SecretStore,
  log: (line: string) => void
): Promise<StoredSession | null> {
  const file = sessionPath(userDataDir)
  let data: Buffer
  try {
    data = await readFile(file)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') log('auth: the saved session could not be read')
    return null
  }
  const session = decodeSession(store, data)
  if (!session) {
    log('auth: the saved session was unreadable and has been discarded')
    await removeFile(file).catch(() => undefined)
  }
  return session
}

export function writeSessionFile(
  userDataDir: string,
  store: SecretStore,
  session: StoredSession
): Promise<void> {
  return writeFileAtomic(sessionPath(userDataDir), encodeSession(store, session))
}

export function deleteSessionFile(userDataDir: string): Promise<void> {
  return removeFile(sessionPath(userDataDir))
}
