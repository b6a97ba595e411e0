import express, { NextFunction, Request, Response } from 'express';
import request from 'supertest';
import { bodyReadError } from '../../shared/http/body-parser-errors';
import { DomainError } from '../../shared/errors/domain-error';
import { InFlightBudget } from './in-flight-budget';
import { webhookBodyParser } from './webhook-body.middleware';
import type { WebhookRequest } from './webhook-request';

/** An app with the webhook parser mounted before an app-wide JSON parser, as bootstrap may do. */
function app(maxBytes: number, budget = new InFlightBudget(maxBytes)) {
  const server = express();
  server.use('/webhooks/arqsign', webhookBodyParser(maxBytes, budget));
  server.use(express.json({ verify: (req, _res, buf) => ((req as WebhookRequest).rawBody = buf) }));
  server.post(['/webhooks/arqsign', '/other'], (req: Request, res: Response) => {
    const raw = (req as WebhookRequest).rawBody;
    res.json({ raw: raw?.toString('utf8') ?? null, body: req.body ?? null });
  });
  server.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const known = bodyReadError(error);
    const status = { payload_too_large: 413, unsupported_media_type: 415, unavailable: 503 }[String(known?.kind)] ?? (known ? 400 : 500);
    res.status(status).json({ error: (error as Error).message, code: (known as DomainError | undefined)?.code ?? null });
  });
  return server;
}

describe('webhookBodyParser', () => {
  it('keeps the exact bytes of any body, JSON or not, and parses nothing (the JSON parser skips it)', async () => {
    const text = '{ "Evento" : "ProcessoConcluido",\n "IdEvento": 8 }';
    const json = await request(app(1024)).post('/webhooks/arqsign').set('Content-Type', 'application/json').send(text);
    expect(json.body).toEqual({ raw: text, body: null });
    const malformed = await request(app(1024)).post('/webhooks/arqsign').set('Content-Type', 'application/json').send('{"Evento": ');
    expect(malformed.status).toBe(200);
    expect(malformed.body.raw).toBe('{"Evento": ');
    const plain = await request(app(1024)).post('/webhooks/arqsign').set('Content-Type', 'text/plain').send('hello');
    expect(plain.body).toEqual({ raw: 'hello', body: null });
  });

  it('rejects a body over the cap with BodyTooLargeError (→ 413 REQUEST.TOO_LARGE)', async () => {
    const response = await request(app(100)).post('/webhooks/arqsign').set('Content-Type', 'application/json').send(JSON.stringify({ x: 'y'.repeat(200) }));
    expect(response.status).toBe(413);
    expect(response.body.error).toMatch(/at most 100 bytes/);
  });

  it('leaves other routes to the app-wide parsers', async () => {
    const response = await request(app(100)).post('/other').set('Content-Type', 'application/json').send('{"a":1}');
    expect(response.body).toEqual({ raw: '{"a":1}', body: { a: 1 } });
  });
});

describe('webhookBodyParser: encodings and the in-flight budget', () => {
  it('decompresses gzip, deflate and br, and refuses other or corrupt encodings with 4xx codes', async () => {
    const { gzipSync, deflateSync, brotliCompressSync } = await import('node:zlib');
    const text = '{"Evento":"ProcessoConcluido"}';
    for (const [encoding, packed] of [['gzip', gzipSync(text)], ['deflate', deflateSync(text)], ['br', brotliCompressSync(text)]] as const) {
      const response = await request(app(1024)).post('/webhooks/arqsign').set('Content-Type', 'application/octet-stream').set('Content-Encoding', encoding).send(packed);
      expect({ encoding, status: response.status, raw: response.body.raw ?? response.body }).toEqual({ encoding, status: 200, raw: text });
    }
    const foo = await request(app(1024)).post('/webhooks/arqsign').set('Content-Encoding', 'foo').send('x');
    expect([foo.status, foo.body.code]).toEqual([415, 'REQUEST.UNSUPPORTED_ENCODING']);
    const corrupt = await request(app(1024)).post('/webhooks/arqsign').set('Content-Type', 'application/octet-stream').set('Content-Encoding', 'gzip').send(Buffer.from('not gzip at all'));
    expect([corrupt.status, corrupt.body.code]).toEqual([400, 'REQUEST.CORRUPT_ENCODING']);
  });

  it('caps decompressed output too (a small gzip bomb is 413)', async () => {
    const { gzipSync } = await import('node:zlib');
    const bomb = gzipSync(Buffer.alloc(1024 * 1024, 0x20));
    const response = await request(app(64 * 1024)).post('/webhooks/arqsign').set('Content-Type', 'application/octet-stream').set('Content-Encoding', 'gzip').send(bomb);
    expect([response.status, response.body.code]).toEqual([413, 'REQUEST.TOO_LARGE']);
  });

  it('answers 503 WEBHOOK.RECEIVER_BUSY with Retry-After when the budget is held, and gives bytes back afterwards', async () => {
    const budget = new InFlightBudget(1000);
    expect(budget.tryTake(900)).toBe(true); // another delivery holds most of it
    const busy = await request(app(1000, budget)).post('/webhooks/arqsign').send('x'.repeat(200));
    expect([busy.status, busy.body.code, busy.headers['retry-after']]).toEqual([503, 'WEBHOOK.RECEIVER_BUSY', '10']);
    budget.give(900);
    const fine = await request(app(1000, budget)).post('/webhooks/arqsign').set('Content-Type', 'text/plain').send('x'.repeat(200));
    expect(fine.status).toBe(200);
    expect(budget.inUse).toBe(0);
  });
});
