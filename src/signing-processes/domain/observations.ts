/**
 * Facts ArqSIGN reports about a process (from a webhook or from a sync's GET v2), in ArqSIGN's
 * ids. `SigningProcess.observe` turns each into one intent method call; a fact that no longer
 * applies is recorded in the history as ignored.
 */
export type ArqsignObservation =
  | { kind: 'signer-signed'; arqsignSignerId: string; signedAt: Date; signature: Record<string, unknown> | null }
  | { kind: 'signer-delivery-failed'; arqsignSignerId: string; at: Date }
  | { kind: 'refused'; arqsignSignerId: string | null; reason: string | null; at: Date }
  | { kind: 'cancelled'; cancelledBy: string | null; at: Date }
  | { kind: 'expired'; expiredAt: Date }
  | { kind: 'resent'; arqsignSignerIds: string[]; at: Date }
  | { kind: 'completed'; completedAt: Date };
