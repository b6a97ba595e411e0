import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CreateProcessDto } from '../../signing-processes/api/dto/create-process.dto';
import { ListProcessesQueryDto } from '../../signing-processes/api/dto/list-processes.query';
import { fieldPath, RequestValidationError } from '../errors/domain-error';
import { toFieldErrors } from './validation';

function details(type: new () => object, plain: object) {
  const errors = validateSync(plainToInstance(type, plain), { whitelist: true, forbidUnknownValues: true });
  return new RequestValidationError(toFieldErrors(errors));
}

const PDF = { fileName: 'a.pdf', contentBase64: 'JVBERi0xLjQK' };

describe('validation messages', () => {
  it('an empty create names each missing required field once, as "is required"', () => {
    const error = details(CreateProcessDto, {});
    expect(error.details).toEqual([
      { field: 'name', problem: 'is required' },
      { field: 'documents', problem: 'is required' },
      { field: 'signers', problem: 'is required' },
    ]);
    expect(error.message).toBe('Invalid request: name is required; documents is required; signers is required');
  });

  it('names nested fields with bracketed indexes and one problem each, without repeating the field name', () => {
    const error = details(CreateProcessDto, { name: 'x'.repeat(251), documents: [PDF], signers: [{ name: 'A', email: 'a@example.com' }, { email: 5, order: 0 }] });
    expect(error.details).toEqual([
      { field: 'name', problem: 'must be shorter than or equal to 250 characters' },
      { field: 'signers[1].name', problem: 'is required' },
      { field: 'signers[1].email', problem: 'must be a string' },
      { field: 'signers[1].order', problem: 'must not be less than 1' },
    ]);
  });

  it('reports the type problem before the shape problem of the same field', () => {
    expect(details(ListProcessesQueryDto, { limit: 'many' }).details).toEqual([{ field: 'limit', problem: 'must be an integer number' }]);
    expect(details(CreateProcessDto, { name: 'n', documents: [], signers: 'x' }).details).toEqual([
      { field: 'documents', problem: 'must contain at least 1 elements' },
      { field: 'signers', problem: 'must be an array' },
    ]);
  });

  it('keeps the first problem of a field named twice, and writes rule paths with brackets', () => {
    const error = new RequestValidationError([
      { field: 'signers.0.email', problem: 'must be a valid e-mail address' },
      { field: 'signers[0].email', problem: 'EMAIL delivery needs an email' },
      { field: 'documents.10.fileName', problem: 'must not be empty' },
    ]);
    expect(error.details).toEqual([
      { field: 'signers[0].email', problem: 'must be a valid e-mail address' },
      { field: 'documents[10].fileName', problem: 'must not be empty' },
    ]);
    expect(fieldPath('roles.person.0')).toBe('roles.person[0]');
  });
});
