import express, { NextFunction, Request, Response } from 'express';
import request from 'supertest';
import { BodyTooLargeError } from '../../shared/http/body-parser-errors';
import { webhookBodyParser } from './webhook-body.middleware';
import type { WebhookRequest } from './webhook-request';

/** An app with the webhook parser mounted before an app-wide JSON parser, as bootstrap may do. */
function app(maxBytes: number) {
  const server = express();
  server.use('/webhooks/arqsign', webhookBodyParser(maxBytes));
  server.use(express.json({ verify: (req, _res, buf) => ((req as WebhookRequest).rawBody = buf) }));
  server.post(['/webhooks/arqsign', '/other'], (req: Request, res: Response) => {
    const raw = (req as WebhookRequest).rawBody;
    res.json({ raw: raw?.toString('utf8') ?? null, body: req.body ?? null });
  });
  server.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    res.status(error instanceof BodyTooLargeError ? 413 : 400).json({ error: (error as Error).message });
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
