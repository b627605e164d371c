/**
 * A keyed mutex: a task holding keys runs only after every earlier task that shares one of them.
 * A task joins all its queues at once (synchronously), so it only ever waits for tasks that joined
 * before it: two tasks can never wait for each other, whatever the order of their keys.
 */

export type LockKey = string | number

export class KeyedMutex {
  private readonly tails = new Map<LockKey, Promise<void>>()

  async run<T>(keys: readonly LockKey[], task: () => Promise<T>): Promise<T> {
    const unique = [...new Set(keys)]
    let release!: () => void
    const done = new Promise<void>((resolve) => (release = resolve))
    const earlier = unique.map((key) => this.tails.get(key))
    for (const key of unique) this.tails.set(key, done)
    try {
      // Tails only ever resolve, so a failed task never blocks or fails the ones queued behind it.
      await Promise.all(earlier)
      return await task()
    } finally {
      release()
      for (const key of unique) if (this.tails.get(key) === done) this.tails.delete(key)
    }
  }

  /** Keys with a task running or waiting; for tests. */
  get size(): number {
    return this.tails.size
  }
}
