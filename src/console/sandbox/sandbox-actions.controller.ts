import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ApiClientName } from '../../auth/api-client.decorator';
import { ApiKeyProtected } from '../../auth/api-key.auth';
import { SigningProcessesService } from '../../signing-processes';
import { RequestValidationError } from '../../shared/errors/domain-error';
import { SandboxActionDto } from './sandbox-action.dto';
import { SandboxProcessUnknownError } from './sandbox-actions.errors';
import { SandboxSimulator, SANDBOX_SIMULATOR } from './sandbox-simulator';

/**
 * `POST /v1/sandbox/processes/{id}/actions` (sandbox mode only): the console's "act as a signer"
 * buttons. The browser never talks to the simulator's port; this route checks the API key and
 * that the process belongs to the caller, then asks the simulator.
 */
@ApiExcludeController()
@ApiKeyProtected()
@Controller('v1/sandbox/processes')
export class SandboxActionsController {
  constructor(
    private readonly processes: SigningProcessesService,
    @Inject(SANDBOX_SIMULATOR) private readonly simulator: SandboxSimulator,
  ) {}

  @Post(':id/actions')
  @HttpCode(200)
  async act(
    @ApiClientName() clientName: string,
    @Param('id', new ParseUUIDPipe({ exceptionFactory: () => new RequestValidationError([{ field: 'id', problem: 'must be a UUID' }]) })) id: string,
    @Body() body: SandboxActionDto,
  ): Promise<{ action: string; simulator: unknown }> {
    const process = await this.processes.get(clientName, id);
    const arqsignProcessId = process.arqsignProcessId;
    if (!arqsignProcessId) throw new SandboxProcessUnknownError('This process has no ArqSIGN id (it was never sent)');
    let signer: string | undefined;
    if (body.signerId) {
      const found = process.signers.find((s) => s.id === body.signerId);
      if (!found) throw new SandboxProcessUnknownError('No such signer in this process');
      if (!found.arqsignSignerId) throw new SandboxProcessUnknownError('This signer has no ArqSIGN id yet');
      signer = found.arqsignSignerId;
    }
    const state = await this.simulator.act(arqsignProcessId, { action: body.action, signer, reason: body.reason });
    return { action: body.action, simulator: state };
  }
}
