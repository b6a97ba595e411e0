import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Req, Res, UploadedFiles, UseInterceptors, UsePipes } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiExtraModels, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiKeyProtected } from '../../auth/api-key.auth';
import { ApiClientName } from '../../auth/api-client.decorator';
import { createValidationPipe } from '../../shared/http/validation';
import { checkIdempotencyKey } from '../application/idempotency';
import { SigningProcessesService } from '../application/signing-processes.service';
import { ApiRequestContent } from '../../shared/http/api-request-content';
import { ApiErrors, ARQSIGN_FAILED, ARQSIGN_UNAVAILABLE, NOT_FOUND } from '../../shared/http/api-error-responses';
import { CREATE_JSON_EXAMPLES } from './create-process.examples';
import { parseCreateRequest, toRestartCommand, UploadedPdf } from './process-requests';
import { CreateProcessDto, CreateProcessMultipartDto } from './dto/create-process.dto';
import { ListProcessesQueryDto } from './dto/list-processes.query';
import { CancelProcessDto, ResendProcessDto, RestartProcessDto, SyncProcessDto } from './dto/process-commands.dto';
import { HistoryResponse, ProcessListResponse, ProcessResponse } from './dto/process.response';
import { PdfFilesInterceptor } from './pdf-files.interceptor';
import { toHistoryEntryResponse, toProcessResponse } from './process-response.mapper';

const ID = ApiParam({ name: 'id', description: 'Process id (ours)', example: '0b7c7e1e-8d1f-4c1e-9a57-6f3d2b1a0c9e' });

/**
 * `/v1/processes`: translates HTTP to SigningProcessesService calls, nothing more. Validates with
 * its own pipe so it behaves the same when embedded in a host app without the global pipe.
 */
@ApiTags('processes')
@ApiKeyProtected()
@UsePipes(createValidationPipe())
@Controller('v1/processes')
export class SigningProcessesController {
  constructor(private readonly service: SigningProcessesService) {}

  @Post()
  @UseInterceptors(PdfFilesInterceptor)
  @ApiOperation({
    operationId: 'createProcess',
    summary: 'Create a process and send it to ArqSIGN',
    description:
      'JSON with `documents[].contentBase64`, or `multipart/form-data` with a `process` JSON part and PDF `files` parts in document order. ' +
      'Validated against ArqSIGN\'s rules before anything is stored. Stored as SENDING, then sent: the answer is IN_PROGRESS (sent), ' +
      'SEND_FAILED (ArqSIGN rejected it: see `error`), SEND_UNCERTAIN (the send timed out; never re-sent blindly) or SENDING (ArqSIGN unreachable; `sync` sends it again).',
  })
  @ApiExtraModels(CreateProcessDto, CreateProcessMultipartDto)
  @ApiRequestContent('The process as JSON (PDFs in Base64), or as multipart/form-data (a `process` JSON part and PDF `files` parts)', {
    'application/json': { schema: { $ref: getSchemaPath(CreateProcessDto) }, examples: CREATE_JSON_EXAMPLES },
    'multipart/form-data': { schema: { $ref: getSchemaPath(CreateProcessMultipartDto) }, encoding: { files: { contentType: 'application/pdf' } } },
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Same key + same body → the same process (201, header `Idempotent-Replayed: true`); same key + other body → 422' })
  @ApiCreatedResponse({ type: ProcessResponse })
  @ApiErrors({
    400: '`REQUEST.VALIDATION_FAILED`: `details` lists one `{ field, problem }` per failing field (e.g. `documents[0].contentBase64`, `signers[1].email`, `signers[0].positions[0].person.page`)',
    413: '`SIGNING_PROCESS.TOO_LARGE`: the PDFs exceed MAX_PROCESS_PDF_MB in total (default 70 MB) or MAX_PDF_FILE_MB for one file; `details` names the field and the limit',
    422: '`SIGNING_PROCESS.IDEMPOTENCY_KEY_REUSED`: the key was used with another body',
    503: '`SIGNING_PROCESS.ARQSIGN_NOT_CONFIGURED`: no ArqSIGN responsible user / folder configured',
  })
  async create(
    @ApiClientName() clientName: string,
    @Body() body: unknown,
    @UploadedFiles() files: UploadedPdf[] | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ProcessResponse> {
    const key = checkIdempotencyKey(idempotencyKey);
    const command = parseCreateRequest(body, files, Boolean(request.is('multipart/form-data')));
    const { process, replayed } = await this.service.create(clientName, command, key);
    if (replayed) response.setHeader('Idempotent-Replayed', 'true');
    return toProcessResponse(process);
  }

  @Get()
  @ApiOperation({ operationId: 'listProcesses', summary: "List this client's processes, newest first", description: 'Filters combine with AND. Follow `nextCursor` for the next page.' })
  @ApiOkResponse({ type: ProcessListResponse })
  @ApiErrors({ 400: '`REQUEST.VALIDATION_FAILED`: a bad filter, limit or cursor' })
  async list(@ApiClientName() clientName: string, @Query() query: ListProcessesQueryDto): Promise<ProcessListResponse> {
    const page = await this.service.list(clientName, {
      statuses: query.status,
      externalId: query.externalId,
      createdFrom: query.createdFrom ? new Date(query.createdFrom) : undefined,
      createdTo: query.createdTo ? new Date(query.createdTo) : undefined,
      limit: query.limit,
      cursor: query.cursor,
    });
    return { items: page.items.map(toProcessResponse), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @ID
  @ApiOperation({ operationId: 'getProcess', summary: 'One process with its signers, documents and archive' })
  @ApiOkResponse({ type: ProcessResponse })
  @ApiErrors({ 404: NOT_FOUND })
  async get(@ApiClientName() clientName: string, @Param('id') id: string): Promise<ProcessResponse> {
    return toProcessResponse(await this.service.get(clientName, id));
  }

  @Get(':id/history')
  @ID
  @ApiOperation({ operationId: 'getProcessHistory', summary: 'The timeline of a process: every change with its source, statuses and data' })
  @ApiOkResponse({ type: HistoryResponse })
  @ApiErrors({ 404: NOT_FOUND })
  async history(@ApiClientName() clientName: string, @Param('id') id: string): Promise<HistoryResponse> {
    const entries = await this.service.history(clientName, id);
    return { processId: id, items: entries.map(toHistoryEntryResponse) };
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ID
  @ApiOperation({ operationId: 'cancelProcess', summary: 'Cancel in ArqSIGN, then locally', description: 'Allowed while IN_PROGRESS or EXPIRED.' })
  @ApiBody({ type: CancelProcessDto, required: false })
  @ApiOkResponse({ type: ProcessResponse })
  @ApiErrors({ 404: NOT_FOUND, 409: '`SIGNING_PROCESS.INVALID_TRANSITION`: the status does not allow it (or ArqSIGN already concluded it)', 422: ARQSIGN_FAILED, 502: ARQSIGN_FAILED, 503: ARQSIGN_UNAVAILABLE })
  async cancel(@ApiClientName() clientName: string, @Param('id') id: string, @Body() body: CancelProcessDto): Promise<ProcessResponse> {
    return toProcessResponse(await this.service.cancel(clientName, id, body.reason ?? null));
  }

  @Post(':id/resend')
  @HttpCode(200)
  @ID
  @ApiOperation({
    operationId: 'resendProcess',
    summary: 'Resend to pending signers, optionally editing their e-mail, phone or delivery channel',
    description: 'ArqSIGN renews the signing links and the deadline, so an EXPIRED process is back IN_PROGRESS.',
  })
  @ApiBody({ type: ResendProcessDto, required: false })
  @ApiOkResponse({ type: ProcessResponse })
  @ApiErrors({ 400: '`REQUEST.VALIDATION_FAILED`: names each failing `signers[N].*` field', 404: NOT_FOUND, 409: '`SIGNING_PROCESS.INVALID_TRANSITION`', 422: ARQSIGN_FAILED, 502: ARQSIGN_FAILED, 503: ARQSIGN_UNAVAILABLE })
  async resend(@ApiClientName() clientName: string, @Param('id') id: string, @Body() body: ResendProcessDto): Promise<ProcessResponse> {
    const edits = (body.signers ?? []).map((s) => ({ ...s }));
    return toProcessResponse(await this.service.resend(clientName, id, edits));
  }

  @Post(':id/restart')
  @ID
  @ApiOperation({
    operationId: 'restartProcess',
    summary: 'Start a new process from a REFUSED, CANCELLED, EXPIRED or SEND_FAILED one',
    description: 'Same documents (kept by us), and the same signers and settings unless given. Answers the new process; both link to each other (`restartedFrom` / `restartedTo`).',
  })
  @ApiBody({ type: RestartProcessDto, required: false })
  @ApiCreatedResponse({ type: ProcessResponse, description: 'The new process' })
  @ApiErrors({ 400: '`REQUEST.VALIDATION_FAILED`', 404: NOT_FOUND, 409: '`SIGNING_PROCESS.INVALID_TRANSITION`: not restartable, or already restarted' })
  async restart(@ApiClientName() clientName: string, @Param('id') id: string, @Body() body: RestartProcessDto): Promise<ProcessResponse> {
    return toProcessResponse(await this.service.restart(clientName, id, toRestartCommand(body)));
  }

  @Post(':id/sync')
  @HttpCode(200)
  @ID
  @ApiOperation({
    operationId: 'syncProcess',
    summary: "Re-read the process from ArqSIGN (GET v2) and apply what changed, as source 'sync'",
    description:
      'A SENDING process whose send certainly did not reach ArqSIGN is sent again; one with no outcome long after its attempt becomes SEND_UNCERTAIN. ' +
      'A SEND_UNCERTAIN process is resolved only by adopting the ArqSIGN process an operator found (`arqsignProcessId`; its name and recipients must match).',
  })
  @ApiBody({ type: SyncProcessDto, required: false })
  @ApiOkResponse({ type: ProcessResponse })
  @ApiErrors({
    404: NOT_FOUND,
    409: '`SIGNING_PROCESS.NOT_LINKED`: an uncertain send has no ArqSIGN id to read; `SIGNING_PROCESS.INVALID_TRANSITION`',
    422: '`SIGNING_PROCESS.ADOPTION_MISMATCH`: the ArqSIGN process to adopt is not this one',
    502: ARQSIGN_FAILED,
    503: ARQSIGN_UNAVAILABLE,
  })
  async sync(@ApiClientName() clientName: string, @Param('id') id: string, @Body() body: SyncProcessDto): Promise<ProcessResponse> {
    return toProcessResponse(await this.service.sync(clientName, id, body.arqsignProcessId));
  }
}
