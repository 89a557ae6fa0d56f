import { describe, expect, it } from 'vitest';
import { formatMeasure } from '../../../src/tickets/format-values.ts';

describe('formatMeasure', () => {
  it('shows bytes, seconds and milliseconds in human units, others unchanged', () => {
    expect(formatMeasure(5_400_000_000, 'bytes/query')).toEqual({ text: '5.03 GiB/query', unit: 'GiB/query' });
    expect(formatMeasure(4 * 1048576, 'bytes')).toEqual({ text: '4 MiB', unit: 'MiB' });
    expect(formatMeasure(512, 'bytes')).toEqual({ text: '512 bytes', unit: 'bytes' });
    expect(formatMeasure(9000, 'seconds')).toEqual({ text: '2.5 h', unit: 'h' });
    expect(formatMeasure(600, 'seconds')).toEqual({ text: '10 min', unit: 'min' });
    expect(formatMeasure(45, 'seconds')).toEqual({ text: '45 s', unit: 's' });
    expect(formatMeasure(30_000, 'ms')).toEqual({ text: '30 s', unit: 's' });
    expect(formatMeasure(250, 'ms')).toEqual({ text: '250 ms', unit: 'ms' });
    expect(formatMeasure(12.5, 'hours')).toEqual({ text: '12.5', unit: 'hours' });
    expect(formatMeasure(null, 'bytes')).toEqual({ text: '—', unit: 'bytes' });
  });
});
