import type { ToxicFault } from './fault';

/** Events arrive cut into small TCP pieces: exercises the client's stream parser. */
export const slice: ToxicFault = {
  kind: 'toxic',
  name: 'slice',
  summary: 'cut data into small pieces (slicer toxic)',
  defaultTarget: 'edge',
  toxic: { type: 'slicer', stream: 'downstream' },
  params: {
    sizeBytes: { default: 8, min: 1, max: 65_536, help: 'average piece size' },
    // 0 = all pieces the same size.
    variationBytes: { default: 4, min: 0, max: 65_536, help: 'spread of the piece size' },
    // 0 = pieces sent back to back.
    delayUs: { default: 1000, min: 0, max: 1_000_000, help: 'pause between pieces, in microseconds' },
  },
  // Toxiproxy's slicer can cut a piece below its start when the variation exceeds the size: the
  // process panics (slice bounds out of range) and every proxy goes with it.
  check: ({ sizeBytes, variationBytes }) =>
    variationBytes > sizeBytes
      ? `variationBytes=${variationBytes} is above sizeBytes=${sizeBytes}, which crashes Toxiproxy's slicer`
      : undefined,
  attributes: ({ sizeBytes, variationBytes, delayUs }) => ({
    average_size: sizeBytes,
    size_variation: variationBytes,
    delay: delayUs,
  }),
};
