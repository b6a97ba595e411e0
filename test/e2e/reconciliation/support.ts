import request from 'supertest';
import type { App } from 'supertest/types';

/** Polls until `probe` returns a truthy value; fails after `timeoutMs` with the last error seen. */
export async function eventually<T>(probe: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** One sample of a Prometheus text exposition, or undefined when absent. */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labelText = line.slice(name.length).match(/^\{(.*)\}/)?.[1] ?? '';
    const has = Object.entries(labels).every(([key, value]) => labelText.includes(`${key}="${value}"`));
    if (has) return Number(line.trim().split(/\s+/).pop());
  }
  return undefined;
}

export async function scrape(http: App): Promise<string> {
  const response = await request(http).get('/metrics');
  if (response.status !== 200) throw new Error(`/metrics answered ${response.status}`);
  return response.text;
}
