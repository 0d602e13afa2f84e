const BARS = '▁▂▃▄▅▆▇█';

/** A one-line trend: one bar per value, scaled between the smallest and largest; `·` for a gap. */
export function sparkline(values: readonly (number | null)[]): string {
  const present = values.filter((value): value is number => value !== null);
  if (present.length === 0) return values.map(() => '·').join('');
  const min = Math.min(...present);
  const max = Math.max(...present);
  return values
    .map((value) => {
      if (value === null) return '·';
      if (max === min) return BARS[3];
      return BARS[Math.round(((value - min) / (max - min)) * (BARS.length - 1))];
    })
    .join('');
}
