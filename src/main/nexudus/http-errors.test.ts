import { describe, expect, it } from 'vitest'
import { errorForStatus, readWriteAnswer, requiredRole } from './http-errors'

describe('requiredRole', () => {
  it('names the Nexudus role for the call', () => {
    expect(requiredRole('GET', '/api/crm/crmboards')).toBe('CrmBoard-List')
    expect(requiredRole('GET', '/api/crm/crmopportunities/12')).toBe('CrmOpportunity-Read')
    expect(requiredRole('PUT', '/api/crm/crmopportunities')).toBe('CrmOpportunity-Edit')
    expect(requiredRole('POST', '/api/crm/crmboardcolumns')).toBe('CrmBoardColumn-Create')
    expect(requiredRole('DELETE', '/api/crm/crmopportunities/3')).toBe('CrmOpportunity-Delete')
    expect(requiredRole('GET', '/api/unknown/things')).toBeNull()
  })
})

describe('errorForStatus', () => {
  it('keeps a long server message to a readable length', () => {
    const error = errorForStatus({
      method: 'GET',
      path: '/x',
      status: 500,
      body: JSON.stringify({ Message: 'x'.repeat(5000) })
    })
    expect(error.kind).toBe('Server')
    expect(error.message.length).toBeLessThanOrEqual(300)
  })

  it('gives a plain sentence for an HTML error page', () => {
    const error = errorForStatus({ method: 'GET', path: '/x', status: 502, body: '<html>Bad gateway</html>' })
    expect(error.message).toBe('The Nexudus server had a problem (HTTP 502). Try again in a moment.')
  })
})

describe('readWriteAnswer', () => {
  it('accepts an empty DELETE answer but not an empty PUT answer', () => {
    expect(readWriteAnswer('', 'DELETE')).toEqual({ id: null, message: null })
    expect(() => readWriteAnswer('', 'PUT')).toThrow(/could not read/)
  })

  it('does not mistake an opportunity (which has its own Value field) for an envelope', () => {
    expect(() => readWriteAnswer(JSON.stringify({ Id: 1, Value: 250 }), 'PUT')).toThrow(/could not read/)
  })
})
