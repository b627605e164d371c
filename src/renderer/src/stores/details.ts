/**
 * The opportunity open in the details drawer: the record as read (`opportunity.get`), its stage
 * history, the form the user edits and what Save says. Save sends only the fields that changed,
 * with the record's UpdatedOn as the drawer opened it; the answer is the truth: 'saved' replaces
 * the record and the board's card, 'conflict' (someone else saved first) shows which fields
 * differ and lets the user reload or overwrite, a refusal puts the server's words under the
 * fields (or at the top), and the user's input is never lost on the way.
 *
 * Imports zod (through details/form.ts): only the lazily loaded drawer uses this store.
 */
import { computed, ref, shallowRef } from 'vue'
import { acceptHMRUpdate, defineStore } from 'pinia'
import type {
  EditableField,
  OpportunityDetails,
  OpportunityTypeOption,
  StageVisit
} from '../../../shared/details'
import type { BridgeError } from '../../../shared/result'
import { call, subscribe } from '../services/api'
import { sameInstant } from '../../../shared/instant'
import { errorText } from '../services/errors'
import { useBoardStore } from './board'
import {
  cardOf,
  changesOf,
  checkForm,
  differingFields,
  localToday,
  notesForType,
  rebase,
  toForm,
  type FieldErrors,
  withStatus,
  type FormValues
} from '../details/form'
import { markFailure, stillMarked, type MarkedError } from '../details/server-errors'

export type DetailsStatus = 'idle' | 'loading' | 'ready' | 'error'
export type SaveOutcome = 'saved' | 'queued' | 'conflict' | 'invalid' | 'failed' | 'forbidden' | 'unchanged'

export interface Conflict {
  fresh: OpportunityDetails
  /** Labels of the fields that differ between the record as opened and the server's now. */
  fields: string[]
}

export const useDetailsStore = defineStore('details', () => {
  const board = useBoardStore()
  const id = ref<number | null>(null)
  const status = ref<DetailsStatus>('idle')
  const loadError = ref<BridgeError | null>(null)
  /** The record as the drawer last read or saved it: the base of every change and of conflicts. */
  const record = shallowRef<OpportunityDetails | null>(null)
  const history = shallowRef<StageVisit[]>([])
  const initial = shallowRef<FormValues | null>(null)
  const form = ref<FormValues | null>(null)
  const serverErrors = shallowRef<Partial<Record<EditableField, MarkedError>>>({})
  /** The alert at the top: why a save failed, or messages about fields the form does not show. */
  const alert = ref<string | null>(null)
  const saving = ref(false)
  const justSaved = ref(false)
  const conflict = shallowRef<Conflict | null>(null)
  /** The edit waits in main's outbox (Nexudus could not be reached): not saved yet. */
  const queued = shallowRef<{ entryId: string; sent: FormValues } | null>(null)

  const readOnly = computed(() => board.readOnly)
  /**
   * The board's live refresh brought a newer version of this opportunity than the one open here:
   * someone else changed it. Saving would then be a conflict; the drawer says so at once.
   */
  const changedElsewhere = computed(() => {
    const mine = record.value
    const card = mine ? board.records.get(mine.Id) : undefined
    return Boolean(
      mine && card && !saving.value && !queued.value && !sameInstant(card.UpdatedOn, mine.UpdatedOn)
    )
  })
  const changed = computed(() => (initial.value && form.value ? changesOf(initial.value, form.value) : {}))
  const dirty = computed(() => Object.keys(changed.value).length > 0)
  const saved = computed(() => justSaved.value && !dirty.value)
  /** Messages under the fields: the form's own checks, then the server's that still apply. */
  const errors = computed<FieldErrors>(() => {
    if (!initial.value || !form.value) return {}
    const server = stillMarked(serverErrors.value, form.value as unknown as Record<string, unknown>)
    return { ...server, ...checkForm(initial.value, form.value).errors }
  })

  let generation = 0

  function show(next: OpportunityDetails): void {
    record.value = next
    initial.value = toForm(next)
    form.value = toForm(next)
    serverErrors.value = {}
    alert.value = null
    conflict.value = null
  }

  async function open(openId: number): Promise<void> {
    const mine = ++generation
    clear()
    id.value = openId
    status.value = 'loading'
    const result = await call((bridge) => bridge.opportunity.get({ id: openId }))
    if (mine !== generation) return
    if (!result.ok) {
      loadError.value = result.error
      status.value = 'error'
      return
    }
    show(result.data.record)
    history.value = result.data.history
    status.value = 'ready'
  }

  function fail(error: BridgeError, sent: FormValues): SaveOutcome {
    if (error.kind === 'Forbidden') {
      board.markReadOnly()
      alert.value = errorText(error)
      return 'forbidden'
    }
    const failure = markFailure(error, sent as unknown as Record<string, unknown>)
    serverErrors.value = failure.marked
    alert.value = failure.alert
    return 'failed'
  }

  /** Sends the changed fields; `overwrite` after a conflict the user chose to write over. */
  async function save(overwrite = false): Promise<SaveOutcome> {
    const base = record.value
    if (!base || !initial.value || !form.value || saving.value || readOnly.value) return 'unchanged'
    const { changes, errors: invalid } = checkForm(initial.value, form.value)
    if (Object.keys(changes).length === 0) return 'unchanged'
    if (Object.keys(invalid).length) return 'invalid'
    const mine = generation
    const sent = { ...form.value }
    saving.value = true
    justSaved.value = false
    alert.value = null
    serverErrors.value = {}
    const result = await call((bridge) =>
      bridge.opportunity.save({ id: base.Id, expectedUpdatedOn: base.UpdatedOn ?? null, changes, overwrite })
    )
    // The board shows what was saved even if the drawer was closed meanwhile.
    if (result.ok && result.data.status === 'saved') board.upsertCard(result.data.card)
    if (mine !== generation) return result.ok && result.data.status === 'saved' ? 'saved' : 'failed'
    saving.value = false
    if (!result.ok) return fail(result.error, sent)
    if (result.data.status === 'conflict') {
      const fresh = result.data.fresh
      conflict.value = { fresh, fields: differingFields(base, fresh) }
      return 'conflict'
    }
    if (result.data.status === 'queued') {
      // Not saved: main's outbox keeps the edit. The form keeps it too, until it lands.
      queued.value = { entryId: result.data.entry.id, sent }
      return 'queued'
    }
    landSaved(sent, result.data.record)
    return 'saved'
  }

  function landSaved(sent: FormValues, saved: OpportunityDetails): void {
    const savedForm = toForm(saved)
    form.value = rebase(sent, form.value ?? savedForm, savedForm)
    initial.value = savedForm
    record.value = saved
    conflict.value = null
    queued.value = null
    justSaved.value = true
  }

  // An edit kept by the outbox landed (or was discarded) while the drawer is open on it.
  subscribe('outbox.settled', (event) => {
    const waiting = queued.value
    if (!waiting || event.entryId !== waiting.entryId) return
    if (event.kind === 'save' && event.result.status === 'saved') landSaved(waiting.sent, event.result.record)
    else queued.value = null
  })

  /** A new status, with what goes with it (details/form.ts `withStatus`): completed, dated, reasoned. */
  function setStatus(next: 1 | 2 | 3): void {
    if (!form.value) return
    form.value = withStatus(form.value, next, localToday())
  }

  /** A new type; its notes template fills the notes if they are still empty. */
  function setType(typeId: number | null, type?: OpportunityTypeOption): void {
    if (!form.value) return
    form.value.OpportunityTypeId = typeId
    form.value.Notes = notesForType(form.value.Notes, type)
  }

  /** "Reload" after a conflict: the user's edits go, the server's version is shown (here and on the board). */
  function reload(): void {
    const fresh = conflict.value?.fresh
    if (!fresh) return
    show(fresh)
    justSaved.value = false
    board.upsertCard(cardOf(fresh))
  }

  function clear(): void {
    id.value = null
    status.value = 'idle'
    loadError.value = null
    record.value = null
    history.value = []
    initial.value = null
    form.value = null
    serverErrors.value = {}
    alert.value = null
    saving.value = false
    justSaved.value = false
    conflict.value = null
    queued.value = null
  }

  /** The drawer closed: anything still on its way is dropped. */
  function close(): void {
    generation++
    clear()
  }

  return {
    id,
    status,
    loadError,
    record,
    history,
    form,
    alert,
    saving,
    saved,
    conflict,
    queued,
    changedElsewhere,
    readOnly,
    dirty,
    errors,
    open,
    setStatus,
    setType,
    save,
    reload,
    close
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useDetailsStore, import.meta.hot))
