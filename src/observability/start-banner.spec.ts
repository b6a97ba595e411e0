import { Writable } from 'node:stream';
import { createRootLogger, resolveLogFormat } from './logger';
import { QuietStartupNestLogger } from './nest-logger';
import { logStartBanner } from './start-banner';

function capture() {
  let text = '';
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { output: () => text, destination };
}

const INFO = { baseUrl: 'http://localhost:3000', mode: 'sandbox' as const, database: 'embedded (/data/postgres)', startupMs: 1234, simulatorUrl: 'http://127.0.0.1:3999', sandboxApiKey: 'sandbox-key' };

describe('log format and start banner', () => {
  it('is pretty on a terminal and JSON on a pipe unless LOG_FORMAT says otherwise', () => {
    expect(resolveLogFormat(undefined, { isTTY: true })).toBe('pretty');
    expect(resolveLogFormat(undefined, { isTTY: false })).toBe('json');
    expect(resolveLogFormat('json', { isTTY: true })).toBe('json');
    expect(resolveLogFormat('pretty', {})).toBe('pretty');
  });

  it('JSON: one line with banner: true and every URL', () => {
    const { output, destination } = capture();
    logStartBanner(createRootLogger({ level: 'info', secrets: [], destination }), 'json', INFO);
    const lines = output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({
      banner: true,
      api: 'http://localhost:3000/v1',
      swagger: 'http://localhost:3000/docs',
      console: 'http://localhost:3000/console',
      sandboxApiKey: 'sandbox-key',
      msg: expect.stringContaining('arqsign-bridge ready on http://localhost:3000'),
    });
  });

  it('pretty: readable lines (no JSON objects) and a framed banner; secrets still scrubbed', () => {
    const { output, destination } = capture();
    const logger = createRootLogger({ level: 'info', secrets: ['canary-secret-1'], format: 'pretty', destination });
    logger.info({ port: 54329 }, 'Embedded PostgreSQL ready with canary-secret-1');
    logStartBanner(logger, 'pretty', INFO);
    const text = output();
    expect(text).toMatch(/INFO.*Embedded PostgreSQL ready with \[REDACTED\]/);
    expect(text).not.toContain('canary-secret-1');
    expect(text).not.toMatch(/^\{"level"/m);
    expect(text).toContain('╔');
    expect(text).toMatch(/║ +Console +http:\/\/localhost:3000\/console/);
    expect(text).toMatch(/║ +API key +sandbox-key/);
  });

  it("sends Nest's module and route mapping lines to debug, other lines unchanged", () => {
    const calls: string[] = [];
    const inner = {
      log: (message: unknown, context?: unknown) => calls.push(`log ${String(message)} ${String(context)}`),
      debug: (message: unknown, context?: unknown) => calls.push(`debug ${String(message)} ${String(context)}`),
      error: () => undefined,
      warn: () => undefined,
    };
    const logger = new QuietStartupNestLogger(inner);
    logger.log('Mapped {/v1/whoami, GET} route', 'RouterExplorer');
    logger.log('SigningModule dependencies initialized', 'InstanceLoader');
    logger.log('Job queue started', 'JobQueue');
    expect(calls).toEqual(['debug Mapped {/v1/whoami, GET} route RouterExplorer', 'debug SigningModule dependencies initialized InstanceLoader', 'log Job queue started JobQueue']);
  });
});
