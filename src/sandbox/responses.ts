/** The bodies Nexudus answers with (API doc §1.3, §3.4, §8), in one place so tests can compare them whole. */
import type { FieldError } from './writes'
import { errorMessage } from './writes'

export const NOT_FOUND = 'Not found'
export const DENIED = { Message: 'Authorization has been denied for this request.' }
export const GENERIC_ERROR = { Message: 'Ooops! There was a problem while running this action...' }
export const INVALID_REQUEST = 'The request is invalid.'

export function throttleText(seconds: number): string {
  return `You must wait before accessing this url again. Wait ${seconds} seconds`
}

export interface WriteSuccess {
  Status: 200
  Message: string
  Value: unknown
  OpenInDialog: false
  OpenInWindow: false
  RedirectURL: null
  JavaScript: null
  UpdatedOn: string
  UpdatedBy: string
  Errors: null
  WasSuccessful: true
}

export function writeSuccess(
  entity: string,
  verb: 'created' | 'updated' | 'deleted',
  value: unknown,
  updatedOn: string,
  updatedBy: string
): WriteSuccess {
  return {
    Status: 200,
    Message: `${entity} was successfully ${verb}.`,
    Value: value,
    OpenInDialog: false,
    OpenInWindow: false,
    RedirectURL: null,
    JavaScript: null,
    UpdatedOn: updatedOn,
    UpdatedBy: updatedBy,
    Errors: null,
    WasSuccessful: true
  }
}

/** The default text of the rejectNext switch's refusal. */
export const REJECTED_MESSAGE = 'The opportunity could not be saved.'

/** The default text of the refuseStages switch's refusal. */
export const STAGE_REFUSED_MESSAGE = 'Opportunities cannot be moved into this stage.'

/** A business-rule refusal that arrives as HTTP 200 (API doc §3.4): the write was not applied. */
export function writeRefusal(message: string = REJECTED_MESSAGE) {
  return { Status: 200, Message: message, Value: null, Errors: null, WasSuccessful: false } as const
}

export interface WriteFailure {
  Message: string
  Value: null
  Errors: FieldError[]
  WasSuccessful: false
}

export function writeFailure(errors: FieldError[]): WriteFailure {
  return { Message: errorMessage(errors), Value: null, Errors: errors, WasSuccessful: false }
}

/** For rules that are not about one field: the error names the entity itself. */
export function ruleFailure(entity: string, message: string): WriteFailure {
  return writeFailure([{ AttemptedValue: null, Message: message, PropertyName: entity }])
}
