import type { RateLimiter } from './http/rate-limiter';
import type { SimClock } from './clock';
import type { DownloadLinks } from './files/download-links';
import type { ProcessFiles } from './files/process-files';
import type { FaultInjector } from './http/faults';
import type { ProcessStateMachine } from './state-machine';
import type { AccountStore } from './state/account-store';
import type { SimProcess } from './state/process-model';
import type { ProcessStore } from './state/process-store';
import type { WebhookStore } from './state/webhook-store';
import type { ResolvedOptions } from './simulator-options';
import type { WebhookDispatcher } from './webhooks/dispatcher';

/** Everything a route needs; built once per simulator in `simulator-server.ts`. */
export interface SimulatorContext {
  options: ResolvedOptions;
  clock: SimClock;
  account: AccountStore;
  processes: ProcessStore;
  webhooks: WebhookStore;
  files: ProcessFiles;
  links: DownloadLinks;
  dispatcher: WebhookDispatcher;
  machine: ProcessStateMachine;
  faults: FaultInjector;
  /** The optional per-account limiter (null when off). */
  limiter: RateLimiter | null;
}

/** `caminhoDaPasta`: folder names joined with ` \ ` (GET v2 example, docs/arqsign-gaps.md#gap-16). */
export function folderPathText(account: AccountStore, process: SimProcess): string {
  return account
    .folderPath(process.idPasta)
    .map((f) => f.nome)
    .join(' \\ ');
}

export function responsibleName(account: AccountStore, process: SimProcess): string {
  return account.user(process.idResponsavel)?.nome ?? '';
}
