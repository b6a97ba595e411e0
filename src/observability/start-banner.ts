import type { Logger } from 'pino';
import type { LogFormat } from './logger';

export interface StartBannerInfo {
  baseUrl: string;
  mode: 'sandbox' | 'live';
  database: string;
  startupMs: number;
  /** Sandbox mode: the simulator's URL. */
  simulatorUrl?: string;
  /** Set only when the built-in sandbox key is in use (it is public by design). */
  sandboxApiKey?: string;
}

/**
 * The "ready" line: one JSON object with `banner: true` and every URL for machines, a framed block
 * for people, so it is not lost among the start-up lines in either format.
 */
export function logStartBanner(logger: Logger, format: LogFormat, info: StartBannerInfo): void {
  const urls = { api: `${info.baseUrl}/v1`, swagger: `${info.baseUrl}/docs`, console: `${info.baseUrl}/console`, ready: `${info.baseUrl}/health/ready` };
  const headline = `arqsign-bridge ready on ${info.baseUrl}`;
  const fields = {
    banner: true,
    ...urls,
    mode: info.mode,
    database: info.database,
    simulator: info.simulatorUrl,
    sandboxApiKey: info.sandboxApiKey,
    startupMs: info.startupMs,
  };
  if (format === 'json') {
    logger.info(fields, `${headline} (Swagger UI: ${urls.swagger}, console: ${urls.console})`);
    return;
  }
  const rows: [string, string][] = [
    ['API', urls.api],
    ['Swagger UI', urls.swagger],
    ['Console', urls.console],
    ['Mode', info.mode === 'sandbox' ? `sandbox (ArqSIGN simulator at ${info.simulatorUrl})` : 'live ArqSIGN'],
    ['Database', info.database],
  ];
  if (info.sandboxApiKey) rows.push(['API key', `${info.sandboxApiKey}  (header X-Api-Key, or type it in the console)`]);
  logger.info({ startupMs: info.startupMs }, `${headline}\n${frame([headline, '', ...rows.map(([k, v]) => `  ${k.padEnd(11)} ${v}`)])}`);
}

function frame(lines: string[]): string {
  const width = Math.max(...lines.map((line) => line.length));
  const bar = '═'.repeat(width + 2);
  return [`╔${bar}╗`, ...lines.map((line) => `║ ${line.padEnd(width)} ║`), `╚${bar}╝`].join('\n');
}
