import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

/** What a signer (or ArqSIGN itself, for `expire`) does in the sandbox simulator. */
export const SANDBOX_ACTIONS = ['sign', 'refuse', 'fail-delivery', 'expire'] as const;
export type SandboxAction = (typeof SANDBOX_ACTIONS)[number];

export class SandboxActionDto {
  @IsIn(SANDBOX_ACTIONS)
  action: SandboxAction;

  /** Our signer id; omitted: the simulator picks the signer whose turn it is. */
  @IsOptional()
  @IsUUID()
  signerId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}
