/** Reads one sample from Prometheus text, e.g. sample(text, 'sse_streams_closed_total', { reason: 'client' }). */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of text.split('\n')) {
    const [series, value] = line.split(' ');
    if (series?.split('{')[0] !== name) continue;
    if (wanted.every((label) => series.includes(label))) return Number(value);
  }
  return 0;
}

export class Metrics {
  constructor(private readonly appUrl: string) {}

  async text(): Promise<string> {
    const res = await fetch(`${this.appUrl}/api/metrics`);
    if (!res.ok) throw new Error(`GET ${this.appUrl}/api/metrics answered ${res.status}`);
    return res.text();
  }

  async value(name: string, labels: Record<string, string> = {}): Promise<number> {
    return sample(await this.text(), name, labels);
  }
}
