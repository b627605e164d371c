/**
 * The session's secret store over Electron's safeStorage (OS keychain / DPAPI / libsecret).
 * Returns the SecretStore shape of src/main/auth/session.ts; index.ts checks the fit at compile
 * time by passing it to createServices.
 */
import type { SafeStorage } from 'electron'

type SafeStorageLike = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> & {
  // Linux only; optional so other platforms (and fakes) need not have it.
  getSelectedStorageBackend?: () => string
}

export interface SafeStorageSecretStore {
  isEncryptionAvailable(): boolean
  encryptString(plain: string): Buffer
  decryptString(data: Buffer): string
}

const UNAVAILABLE = 'Secure storage is not available on this computer.'

/**
 * On Linux without a keyring, Electron falls back to the 'basic_text' backend: a hard-coded key,
 * i.e. obfuscation, not encryption. That counts as unavailable, so the session stays in memory and
 * the auth service tells the user nothing is remembered. Asked on every call because the backend
 * is only known after app 'ready' and the keyring can come and go.
 */
export function createSafeStorageSecretStore(
  safeStorage: SafeStorageLike,
  platform: NodeJS.Platform = process.platform
): SafeStorageSecretStore {
  const available = (): boolean => {
    if (!safeStorage.isEncryptionAvailable()) return false
    if (platform !== 'linux') return true
    try {
      return safeStorage.getSelectedStorageBackend?.() !== 'basic_text'
    } catch {
      // If Electron cannot say which backend it uses, do not bet the session on it.
      return false
    }
  }
  return {
    isEncryptionAvailable: available,
    encryptString(plain) {
      // Refuse rather than silently write a weakly protected secret to disk.
      if (!available()) throw new Error(UNAVAILABLE)
      return safeStorage.encryptString(plain)
    },
    decryptString(data) {
      if (!available()) throw new Error(UNAVAILABLE)
      return safeStorage.decryptString(data)
    }
  }
}
