/** Webhook triggers (docs/arqsign.md#triggers) and the simulator's event names (docs/arqsign.md#general-block; only 8 is confirmed). */

export const TRIGGER_NAMES: Record<number, string> = {
  1: 'Processo enviado',
  2: 'Processo com falha de envio',
  3: 'Processo assinado por algum signatário',
  4: 'Processo recusado por algum signatário',
  5: 'Processo cancelado pelo remetente',
  6: 'Processo expirado',
  7: 'Processo reenviado',
  8: 'Processo assinado/concluído por todos os signatários',
};

export const EVENT_NAMES: Record<number, string> = {
  1: 'ProcessoEnviado',
  2: 'ProcessoFalhaEnvio',
  3: 'ProcessoAssinado',
  4: 'ProcessoRecusado',
  5: 'ProcessoCancelado',
  6: 'ProcessoExpirado',
  7: 'ProcessoReenviado',
  8: 'ProcessoConcluido',
};

export const Trigger = {
  Sent: 1,
  DeliveryFailed: 2,
  Signed: 3,
  Refused: 4,
  Cancelled: 5,
  Expired: 6,
  Resent: 7,
  Concluded: 8,
} as const;
