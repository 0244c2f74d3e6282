import type { TestInfo } from '@playwright/test';
import { EXPECTED_FINDING_ANNOTATION, recordFinding, type FindingId, type Topology } from '../../support/findings';
import type { Verdict } from './verdict';

/** A test's annotation naming the target its verdicts are about, for the report's header. */
export const TARGET_ANNOTATION = 'target';

export interface TargetDescription {
  name: string;
  /** The image the stack ran, and its id (`sha256:…`) as Docker has it. */
  image: string;
  imageId?: string;
  /** The target file, relative to the repository where it lies inside it. */
  file: string;
}

/** `image (sha256:…)`, or the image alone when Docker gave no id. */
export const describeTargetImage = ({ image, imageId }: TargetDescription): string =>
  imageId ? `${image} (${imageId})` : image;

/** Declares a verdict the test must record, whatever it turns out to be: failing first shows as `failed`. */
export const expectsVerdict = (id: FindingId, topology: Topology, target: string) => ({
  type: EXPECTED_FINDING_ANNOTATION,
  description: JSON.stringify({ id, topology, target }),
});

/** Records a target's verdict as a row of the findings report, and names the target for its header. */
export function recordVerdict(testInfo: TestInfo, verdict: Verdict, target: TargetDescription): void {
  const { id, topology, outcome, measured, why, advice } = verdict;
  recordFinding(testInfo, { id, topology, outcome, measured, why, ...(advice ? { advice } : {}), target: target.name });
  if (!testInfo.annotations.some(({ type }) => type === TARGET_ANNOTATION)) {
    testInfo.annotations.push({ type: TARGET_ANNOTATION, description: JSON.stringify(target) });
  }
}
