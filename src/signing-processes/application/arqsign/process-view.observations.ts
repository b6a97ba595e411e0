import type { ProcessDetails, SignatureData } from '../../../arqsign-client';
import type { ArqsignObservation } from '../../domain/observations';
import { ProcessStatus, SignerStatus, TERMINAL_STATUSES } from '../../domain/process-status';
import type { SigningProcess } from '../../domain/signing-process';

/**
 * The one place that turns ArqSIGN's view of a process (GET v2) into the facts our process has
 * not seen yet, as if their webhooks had arrived: signatures (oldest first), delivery failures,
 * then the outcome (refused / cancelled / completed) or the deadline (expired / renewed).
 * Applying the result to an up-to-date process yields nothing, so a sync can be repeated.
 */
export function observationsFromView(process: SigningProcess, view: ProcessDetails, now: Date): ArqsignObservation[] {
  if (TERMINAL_STATUSES.includes(process.status) || !process.arqsignProcessId) return [];
  const ours = new Map(process.signers.filter((s) => s.arqsignSignerId).map((s) => [s.arqsignSignerId!.toLowerCase(), s]));
  const local = (id: string) => ours.get(id.toLowerCase());
  const observations: ArqsignObservation[] = [];

  const signed = view.signers.filter((s) => s.signed).sort((a, b) => time(a.signature?.signedAt) - time(b.signature?.signedAt));
  for (const signer of signed) {
    if (local(signer.id) && local(signer.id)!.status !== SignerStatus.SIGNED) {
      observations.push({ kind: 'signer-signed', arqsignSignerId: signer.id, signedAt: signer.signature?.signedAt ?? now, signature: signatureData(signer.signature) });
    }
  }
  for (const signer of view.signers.filter((s) => s.deliveryFailed && !s.signed && !s.refused)) {
    if (local(signer.id)?.status === SignerStatus.PENDING) observations.push({ kind: 'signer-delivery-failed', arqsignSignerId: signer.id, at: now });
  }

  if (view.status === 'CANCELLED') {
    const refuser = view.signers.find((s) => s.refused);
    const at = view.cancelledAt ?? now;
    observations.push(
      refuser
        ? { kind: 'refused', arqsignSignerId: refuser.id, reason: refuser.refusalReason, at }
        : { kind: 'cancelled', cancelledBy: view.cancelledBy, at },
    );
  } else if (view.status === 'CONCLUDED') {
    observations.push({ kind: 'completed', completedAt: view.concludedAt ?? now });
  } else if (view.status === 'WAITING' || view.status === 'IN_PROGRESS') {
    // ArqSIGN has no "expired" status: an open process past `dataExpiracao` is expired (docs/arqsign.md#status-model).
    const expired = view.expiresAt !== null && view.expiresAt.getTime() <= now.getTime();
    if (expired && process.status === ProcessStatus.IN_PROGRESS) observations.push({ kind: 'expired', expiredAt: view.expiresAt! });
    if (!expired && process.status === ProcessStatus.EXPIRED) {
      const pending = view.signers.filter((s) => s.action === 'SIGN' && !s.signed && !s.refused).map((s) => s.id);
      observations.push({ kind: 'resent', arqsignSignerIds: pending, at: view.resentAt ?? now });
    }
  }
  return observations;
}

/** ArqSIGN's signature data as stored with the signer (JSON, no dates as objects). */
function signatureData(signature: SignatureData | null): Record<string, unknown> | null {
  if (!signature) return null;
  const { signedAt: _signedAt, ...rest } = signature;
  return JSON.parse(JSON.stringify(rest)) as Record<string, unknown>;
}

function time(date: Date | null | undefined): number {
  return date?.getTime() ?? 0;
}
