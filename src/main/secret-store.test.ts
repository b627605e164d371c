import { beforeEach, describe, expect, it } from 'vitest'
import { createSafeStorageSecretStore } from './secret-store'
import { resetFakeElectron, safeStorage } from './testing/fake-electron'

beforeEach(() => resetFakeElectron())

describe('createSafeStorageSecretStore', () => {
  it('round-trips a secret through safeStorage without storing it in plain text', () => {
    const store = createSafeStorageSecretStore(safeStorage, 'linux')
    expect(store.isEncryptionAvailable()).toBe(true)
    const sealed = store.encryptString('refresh-token-123')
    expect(sealed.includes(Buffer.from('refresh-token-123'))).toBe(false)
    expect(store.decryptString(sealed)).toBe('refresh-token-123')
  })

  it("treats Linux's basic_text backend as unavailable and refuses to encrypt or decrypt", () => {
    safeStorage.backend = 'basic_text'
    const store = createSafeStorageSecretStore(safeStorage, 'linux')
    expect(store.isEncryptionAvailable()).toBe(false)
    expect(() => store.encryptString('secret')).toThrow(/not available/)
    expect(() => store.decryptString(Buffer.from('fake:x'))).toThrow(/not available/)
  })

  it('asks on every call, since the backend is only known after ready', () => {
    const store = createSafeStorageSecretStore(safeStorage, 'linux')
    expect(store.isEncryptionAvailable()).toBe(true)
    safeStorage.backend = 'basic_text'
    expect(store.isEncryptionAvailable()).toBe(false)
  })

  it('only consults the backend on Linux', () => {
    safeStorage.backend = 'basic_text'
    expect(createSafeStorageSecretStore(safeStorage, 'darwin').isEncryptionAvailable()).toBe(true)
    expect(createSafeStorageSecretStore(safeStorage, 'win32').isEncryptionAvailable()).toBe(true)
  })

  it('is unavailable when safeStorage says so, or when the backend cannot be determined', () => {
    safeStorage.available = false
    expect(createSafeStorageSecretStore(safeStorage, 'darwin').isEncryptionAvailable()).toBe(false)
    safeStorage.available = true
    const throwing = {
      ...safeStorage,
      getSelectedStorageBackend: (): string => {
        throw new Error('not ready')
      }
    }
    expect(createSafeStorageSecretStore(throwing, 'linux').isEncryptionAvailable()).toBe(false)
  })
})
