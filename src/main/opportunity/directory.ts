/**
 * Customer search for the pickers (customer, referrer, agent). How Nexudus matches a string filter
 * is undocumented (API doc O9): one server finds "Sof" in "Sofia Kelly", another only the whole
 * name, and none is documented to look at the email or the company. So the server's own search
 * is asked first (one small page: quick wherever it matches parts of names), and only when it
 * finds nobody is the whole customer list read, once, kept for a while as the few fields a picker
 * shows, and searched here. A search box that answers "no one" for a customer who exists would
 * send the user to the web app; a longer first answer is the lesser harm.
 */
import type { Person } from '../../shared/details'
import type { NexudusClient } from '../nexudus/client'
import { listCoworkers, searchCoworkers } from '../nexudus/lookups'
import { pickCoworkers } from './people'

/** How long the whole list is trusted: customers added meanwhile come from the server's search. */
export const DIRECTORY_TTL_MS = 10 * 60_000

export interface CoworkerDirectory {
  search(query: string): Promise<Person[]>
  /** Another account signed in, or it signed out: what was read belongs to the previous one. */
  forget(): void
}

export function createCoworkerDirectory(
  client: NexudusClient,
  now: () => number = Date.now
): CoworkerDirectory {
  let everyone: { at: number; people: Promise<Person[]> } | null = null

  function readAll(): Promise<Person[]> {
    if (everyone && now() - everyone.at < DIRECTORY_TTL_MS) return everyone.people
    const entry = {
      at: now(),
      // Keep only what a picker shows: a coworker record has dozens of fields.
      people: listCoworkers(client).then((records) => pickCoworkers(records, '', Infinity))
    }
    everyone = entry
    // A failed read is not kept: the next search tries again.
    entry.people.catch(() => {
      if (everyone === entry) everyone = null
    })
    return entry.people
  }

  return {
    async search(query) {
      const found = pickCoworkers(await searchCoworkers(client, query), query)
      if (found.length > 0) return found
      return pickCoworkers(await readAll(), query)
    },
    forget() {
      everyone = null
    }
  }
}
