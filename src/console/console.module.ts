import { DynamicModule, Module } from '@nestjs/common';
import { ConsoleController } from './console.controller';
import { SandboxActionsController } from './sandbox/sandbox-actions.controller';
import { SANDBOX_SIMULATOR, SandboxSimulator } from './sandbox/sandbox-simulator';

export interface ConsoleModuleOptions {
  /** Sandbox mode: the simulator's URL, enabling the "act as a signer" route. */
  simulatorUrl?: string;
}

/**
 * The operator console of the standalone service: the static page at `/console` and, in sandbox
 * mode, `/v1/sandbox/...` for its simulator buttons. It uses SigningModule's exported services and
 * the public `/v1` API only (docs/console.md).
 */
@Module({})
export class ConsoleModule {
  static forRoot(options: ConsoleModuleOptions): DynamicModule {
    const simulatorUrl = options.simulatorUrl;
    return {
      module: ConsoleModule,
      controllers: simulatorUrl ? [ConsoleController, SandboxActionsController] : [ConsoleController],
      providers: simulatorUrl ? [{ provide: SANDBOX_SIMULATOR, useValue: new SandboxSimulator(simulatorUrl) }] : [],
    };
  }
}
