import { describe, expect, it } from 'vitest'
import { automationWarnings } from './automation'

describe('automationWarnings', () => {
  it('is empty for a quiet stage', () => {
    expect(automationWarnings({}, 'Jane Doe')).toEqual([])
    expect(automationWarnings({ CannedResponseId: null, ActivateAccount: false }, 'Jane Doe')).toEqual([])
  })

  it('says in plain words what each automation may do to this customer', () => {
    expect(
      automationWarnings(
        {
          CannedResponseId: 4,
          TaskListId: 9,
          ConfirmTour: true,
          ActivateAccount: true,
          DeactivateAccount: true,
          DeleteAccount: true
        },
        'Jane Doe'
      )
    ).toEqual([
      'Nexudus may email Jane Doe (message template).',
      'Nexudus may start a task list.',
      "Nexudus may confirm Jane Doe's tour.",
      "Nexudus may activate Jane Doe's account.",
      "Nexudus may deactivate Jane Doe's account.",
      "Nexudus may PERMANENTLY DELETE Jane Doe's account and all their details."
    ])
  })

  it('still reads without a name', () => {
    expect(automationWarnings({ DeleteAccount: true }, '')).toEqual([
      "Nexudus may PERMANENTLY DELETE the customer's account and all their details."
    ])
  })
})
