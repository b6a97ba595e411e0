import { ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, RequestValidationError } from '../errors/domain-error';

/**
 * Which of a field's failed constraints to report when several fail: what the value is (missing,
 * wrong type, not allowed) before how it is shaped (length, size, range). One problem per field.
 */
const PRIORITY = [
  'isDefined',
  'isString',
  'isInt',
  'isNumber',
  'isBoolean',
  'isArray',
  'isObject',
  'isIn',
  'isEnum',
  'isUUID',
  'isISO8601',
  'isBase64',
  'isNotEmpty',
  'arrayMinSize',
  'arrayMaxSize',
  'min',
  'max',
  'maxLength',
  'minLength',
];

/**
 * Flattens class-validator's tree into one `{ field, problem }` per failing field, paths like
 * `signers[1].email`. A missing required field says "is required" and nothing else.
 */
export function toFieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, problem: problemOf(error, error.constraints) }] : [];
    return [...own, ...toFieldErrors(error.children ?? [], field)];
  });
}

function problemOf(error: ValidationError, constraints: Record<string, string>): string {
  if (error.value === undefined || error.value === null) {
    // Optional fields never fail when absent (IsOptional), so a failure here means "required".
    if (!('whitelistValidation' in constraints)) return 'is required';
  }
  const key = PRIORITY.find((k) => k in constraints) ?? Object.keys(constraints)[0];
  return withoutFieldName(constraints[key], error.property);
}

/** class-validator starts its messages with the property name ("email must be…"); we name the field once, in `field`. */
function withoutFieldName(message: string, property: string): string {
  const each = `each value in ${property} `;
  if (message.startsWith(each)) return `each value ${message.slice(each.length)}`;
  return message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
}

/** The global pipe: unknown fields stripped, types transformed, 400s that name each field once. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    transform: true,
    exceptionFactory: (errors) => new RequestValidationError(toFieldErrors(errors)),
  });
}
