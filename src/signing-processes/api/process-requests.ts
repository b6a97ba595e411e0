import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { RequestValidationError } from '../../shared/errors/domain-error';
import { assertSafeInput } from '../../shared/http/input-guard';
import { toFieldErrors } from '../../shared/http/validation';
import type { CreateProcessCommand, RestartCommand, SettingsInput, SignerInput } from '../application/commands';
import { CreateProcessDto, CreateProcessPartDto } from './dto/create-process.dto';
import type { RestartProcessDto } from './dto/process-commands.dto';
import type { SettingsDto } from './dto/settings.dto';
import type { SignerInputDto } from './dto/signer-input.dto';

/** A PDF part of a multipart create, as multer hands it over (memory storage). */
export interface UploadedPdf {
  fieldname: string;
  originalname: string;
  size: number;
  buffer: Buffer;
}

const invalid = (field: string, message: string) => new RequestValidationError([{ field, problem: message }]);

/**
 * The create command from either body: JSON with `documents[].contentBase64`, or multipart with
 * a `process` JSON part and `files` PDF parts. Both are validated by the same DTO rules.
 */
export function parseCreateRequest(body: unknown, files: UploadedPdf[] | undefined, multipart: boolean): CreateProcessCommand {
  if (!multipart) {
    const dto = validated(CreateProcessDto, body);
    return {
      ...common(dto),
      documents: dto.documents.map((d, i) => ({
        fileName: d.fileName,
        content: Buffer.from(d.contentBase64, 'base64'),
        fields: { fileName: `documents.${i}.fileName`, content: `documents.${i}.contentBase64` },
      })),
    };
  }
  const part = (body as { process?: unknown } | undefined)?.process;
  let parsed: unknown;
  try {
    parsed = typeof part === 'string' ? JSON.parse(part) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw invalid('process', 'must be a part holding the process as a JSON object');
  assertSafeInput(parsed, 'process'); // the part's JSON gets the same bounds as a JSON body
  pdfsNamedSafely(files);
  const dto = validated(CreateProcessPartDto, parsed);
  const pdfs = files ?? [];
  if (!pdfs.length) throw invalid('files', 'at least one PDF part is required');
  if (dto.documents && dto.documents.length !== pdfs.length) throw invalid('documents', `must have one entry per "files" part (${pdfs.length})`);
  return {
    ...common(dto),
    documents: pdfs.map((file, i) => {
      const named = dto.documents?.[i]?.fileName;
      return { fileName: named ?? file.originalname, content: file.buffer, fields: { fileName: named ? `documents.${i}.fileName` : `files.${i}`, content: `files.${i}` } };
    }),
  };
}

/** What a create body carries besides its documents, as application input. */
function common(dto: Omit<CreateProcessDto, 'documents'>): Omit<CreateProcessCommand, 'documents'> {
  return { name: dto.name, externalId: dto.externalId, signers: dto.signers.map(toSignerInput), settings: dto.settings && toSettingsInput(dto.settings), metadata: dto.metadata };
}

export function toRestartCommand(dto: RestartProcessDto): RestartCommand {
  return { name: dto.name, externalId: dto.externalId, signers: dto.signers?.map(toSignerInput), settings: dto.settings && toSettingsInput(dto.settings), metadata: dto.metadata };
}

function toSignerInput(dto: SignerInputDto): SignerInput {
  return { ...dto, roles: dto.roles && { person: dto.roles.person, company: dto.roles.company } };
}

function toSettingsInput(dto: SettingsDto): SettingsInput {
  return { ...dto, message: dto.message && { title: dto.message.title, text: dto.message.text } };
}

/** class-validator on a plain object, with the same field-naming 400 as the global pipe. */
export function validated<T extends object>(type: new () => T, plain: unknown): T {
  const instance = plainToInstance(type, plain ?? {});
  const errors = validateSync(instance, { whitelist: true, forbidUnknownValues: true });
  if (errors.length) throw new RequestValidationError(toFieldErrors(errors));
  return instance;
}

/** Part file names are text like any other input (NUL, lone surrogates): same bounds. */
function pdfsNamedSafely(files: UploadedPdf[] | undefined): void {
  (files ?? []).forEach((file, i) => assertSafeInput(file.originalname, `files.${i}`));
}
