import { readSample } from '@sse-lab/contract/metrics-text';

/** The app's `/api/metrics`, read through the contract's parser. */
export class Metrics {
  constructor(private readonly appUrl: string) {}

  async text(): Promise<string> {
    const res = await fetch(`${this.appUrl}/api/metrics`);
    if (!res.ok) throw new Error(`GET ${this.appUrl}/api/metrics answered ${res.status}`);
    return res.text();
  }

  async value(name: string, labels: Record<string, string> = {}): Promise<number> {
    return readSample(await this.text(), name, labels);
  }
}
