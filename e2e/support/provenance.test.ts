import { describe, expect, it } from 'vitest';
import { describeToxiproxy } from './provenance';

describe('Toxiproxy provenance', () => {
  it('says the image was built from the release source, with the checksum it carries', () => {
    expect(
      describeToxiproxy(
        'sse-lab/toxiproxy:2.12.0',
        '2.12.0',
        'be7835853e78459ec8497ccf3de121679d0e2320ada983b15a12cd6c59143bda',
      ),
    ).toBe('Toxiproxy 2.12.0 built from its release source (sha256 be7835853e78, image sse-lab/toxiproxy:2.12.0)');
  });

  it('names the pulled image otherwise', () => {
    expect(describeToxiproxy('ghcr.io/shopify/toxiproxy:2.12.0', '2.12.0', '')).toBe(
      'Toxiproxy 2.12.0 (pulled image ghcr.io/shopify/toxiproxy:2.12.0)',
    );
  });
});
