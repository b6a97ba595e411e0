import type { ProcessDetails, SendProcessResult } from '../../../arqsign-client';
import { deliveryAddress, reportedAddress } from '../../domain/signer-contact';
import type { SentProcess, SigningProcess } from '../../domain/signing-process';
import type { SignerProps } from '../../domain/signing-process.props';

interface Candidate {
  id: string;
  /** The e-mail or phone ArqSIGN delivers to, normalized. */
  address: string | undefined;
}

/** Links ArqSIGN's send answer to our signers and documents (ArqSIGN answers in the order sent). */
export function linkSendResult(process: SigningProcess, result: SendProcessResult): SentProcess {
  return {
    arqsignProcessId: result.processId,
    signers: matchSigners(process.signers, result.recipients.map((r) => ({ id: r.id, address: reportedAddress(r.deliveryAddress) }))),
    documents: matchDocuments(process, result.documents),
  };
}

/** Links the ArqSIGN process an operator adopts (GET v2) to our signers and documents. */
export function linkProcessView(process: SigningProcess, view: ProcessDetails): SentProcess {
  return {
    arqsignProcessId: view.processId,
    signers: matchSigners(process.signers, view.signers.map((s) => ({ id: s.id, address: reportedAddress(s.email ?? s.phone) }))),
    documents: matchDocuments(process, view.documents),
    adopted: true,
  };
}

/** Why an ArqSIGN process is not the one this process sent, or null when it is (docs/behaviour.md#uncertain-sends). */
export function adoptionMismatch(process: SigningProcess, view: ProcessDetails): string | null {
  if ((view.name ?? '').trim() !== process.snapshot().name.trim()) return 'its name differs';
  const ours = process.signers.map((s) => deliveryAddress(s)).sort();
  const theirs = view.signers.map((s) => reportedAddress(s.email ?? s.phone)).sort();
  if (JSON.stringify(ours) !== JSON.stringify(theirs)) return "its recipients' e-mails/phones differ";
  return null;
}

function matchSigners(signers: readonly Readonly<SignerProps>[], candidates: Candidate[]): SentProcess['signers'] {
  const used = new Set<number>();
  return signers.flatMap((signer, index) => {
    const address = deliveryAddress(signer);
    const sameAddress = (i: number) => !used.has(i) && candidates[i].address === address;
    // Prefer the same position with the same address, then the same address anywhere, then the same position.
    let chosen = candidates[index] && sameAddress(index) ? index : candidates.findIndex((_, i) => sameAddress(i));
    if (chosen < 0 && candidates[index] && !used.has(index)) chosen = index;
    if (chosen < 0) return [];
    used.add(chosen);
    return [{ signerId: signer.id, arqsignSignerId: candidates[chosen].id.toLowerCase() }];
  });
}

function matchDocuments(process: SigningProcess, theirs: { id: string; order: number | null; name: string | null }[]): SentProcess['documents'] {
  return process.documents.flatMap((document, index) => {
    const match = theirs.find((d) => d.order === document.order) ?? theirs.find((d) => d.name === document.fileName) ?? theirs[index];
    return match ? [{ documentId: document.id, arqsignDocumentId: match.id.toLowerCase() }] : [];
  });
}
