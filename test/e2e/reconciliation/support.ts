import request from 'supertest';
import type { App } from 'supertest/types';
export { eventually } from '../../support/eventually';


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
