import { describe, expect, it } from 'vitest'
import { EDITABLE_FIELDS } from '../../../shared/details'
import { FIELD_LABELS, fieldFor } from './fields'

describe('fieldFor', () => {
  it("finds the field a server message names, by Nexudus's PropertyName or main's path", () => {
    expect(fieldFor('CoworkerId')).toBe('CoworkerId')
    expect(fieldFor('coworkerid')).toBe('CoworkerId')
    expect(fieldFor('Coworker')).toBe('CoworkerId')
    expect(fieldFor('CrmOpportunity.Value')).toBe('Value')
    expect(fieldFor('changes.DueDate')).toBe('DueDate')
    expect(fieldFor('fields.CoworkerId')).toBe('CoworkerId')
    expect(fieldFor('OpportunityType')).toBe('OpportunityTypeId')
  })

  it('answers null for what the form does not show', () => {
    expect(fieldFor('Position')).toBeNull()
    expect(fieldFor('_')).toBeNull()
    expect(fieldFor('')).toBeNull()
  })

  it('labels every editable field, each differently', () => {
    const labels = EDITABLE_FIELDS.map((f) => FIELD_LABELS[f])
    expect(new Set(labels).size).toBe(EDITABLE_FIELDS.length)
    expect(FIELD_LABELS.Name).toBe('Tag')
    expect(FIELD_LABELS.DueDate).toBe('Follow-up date')
  })
})
