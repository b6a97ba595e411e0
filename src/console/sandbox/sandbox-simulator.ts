import { SandboxActionRefusedError, SandboxProcessUnknownError, SandboxSimulatorFailedError } from './sandbox-actions.errors';

export const SANDBOX_SIMULATOR = Symbol('SANDBOX_SIMULATOR');

/** The simulator's control API, as far as the console needs it. */
export class SandboxSimulator {
  constructor(private readonly baseUrl: string) {}

  /** `POST /__sim/processes/{id}/actions`; the simulator's 404/409 become our 404/409. */
  async act(arqsignProcessId: string, input: { action: string; signer?: string; reason?: string }): Promise<unknown> {
    const response = await fetch(`${this.baseUrl}/__sim/processes/${encodeURIComponent(arqsignProcessId)}/actions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(input),
      signal: AbortSignal.timeout(15_000),
    });
    const body = (await response.json().catch(() => null)) as { mensagem?: string } | null;
    if (response.ok) return body;
    const message = typeof body?.mensagem === 'string' ? body.mensagem : `status ${response.status}`;
    if (response.status === 404) throw new SandboxProcessUnknownError(`The simulator does not know this process: ${message}`);
    if (response.status === 409 || response.status === 400) throw new SandboxActionRefusedError(message);
    throw new SandboxSimulatorFailedError(response.status);
  }
}
