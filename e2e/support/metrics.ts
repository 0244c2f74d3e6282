import { type CloseReason, METRIC, type RejectReason } from '@sse-lab/contract';
import { readSample } from '@sse-lab/contract/metrics-text';

export type MetricName = (typeof METRIC)[keyof typeof METRIC];

/** The labels a series is read by: the contract's reasons where the series has them. */
type LabelsOf<Name extends MetricName> = Name extends typeof METRIC.streamsClosed
  ? { reason: CloseReason }
  : Name extends typeof METRIC.rejected
    ? { reason: RejectReason }
    : Record<string, string>;

/** The app's `/api/metrics`, read through the contract's parser: series and reasons by the contract's names. */
export class Metrics {
  constructor(private readonly appUrl: string) {}

  async text(): Promise<string> {
    const res = await fetch(`${this.appUrl}/api/metrics`);
    if (!res.ok) throw new Error(`GET ${this.appUrl}/api/metrics answered ${res.status}`);
    return res.text();
  }

  async value<Name extends MetricName>(name: Name, labels?: LabelsOf<Name>): Promise<number> {
    return readSample(await this.text(), name, labels ?? {});
  }
}
