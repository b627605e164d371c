/** A tiny seeded PRNG (mulberry32): the same seed gives byte-identical demo data on every run. */
export interface Rng {
  next(): number
  int(min: number, max: number): number
  pick<T>(items: readonly T[]): T
  weighted<T>(items: readonly (readonly [T, number])[]): T
  chance(p: number): boolean
  guid(): string
}

export function createRng(seed: number): Rng {
  let a = seed >>> 0
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1))
  const pick = <T>(items: readonly T[]): T => {
    const item = items[Math.floor(next() * items.length)]
    if (item === undefined) throw new Error('pick from an empty list')
    return item
  }
  return {
    next,
    int,
    pick,
    weighted<T>(items: readonly (readonly [T, number])[]): T {
      const total = items.reduce((sum, [, w]) => sum + w, 0)
      let roll = next() * total
      for (const [item, weight] of items) {
        roll -= weight
        if (roll < 0) return item
      }
      return pick(items)[0]
    },
    chance: (p) => next() < p,
    guid() {
      const word = () => ((next() * 4294967296) >>> 0).toString(16).padStart(8, '0')
      const a = word()
      const b = word()
      const c = word()
      const d = word()
      const variant = '89ab'[c.charCodeAt(0) % 4] ?? '8'
      return `${a}-${b.slice(0, 4)}-4${b.slice(5)}-${variant}${c.slice(1, 4)}-${c.slice(4)}${d}`
    }
  }
}

/**
 * Nexudus ids look like ~1.4e9 and are not monotonic with creation time (API doc §3.5); handing
 * out random unique ones keeps clients from relying on order.
 */
export function createIdSource(rng: Rng): (taken: (id: number) => boolean) => number {
  return (taken) => {
    for (;;) {
      const id = 1_000_000_000 + Math.floor(rng.next() * 900_000_000)
      if (!taken(id)) return id
    }
  }
}
