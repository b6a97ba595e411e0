import { ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, RequestValidationError } from '../errors/domain-error';

/** Flattens class-validator's tree into `a.b.0.c` field paths, one entry per field. */
export function toFieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...toFieldErrors(error.children ?? [], field)];
  });
}

/** The global pipe (STYLE.md §9): unknown fields stripped, types transformed, 400s that name the field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    transform: true,
    exceptionFactory: (errors) => new RequestValidationError(toFieldErrors(errors)),
  });
}
