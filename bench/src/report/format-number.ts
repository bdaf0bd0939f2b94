/** Groups thousands with commas; independent of the machine's locale so reports diff cleanly. */
export function formatCount(value: number): string {
  return Math.round(value)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Milliseconds with three decimals: sub-millisecond round trips are the interesting range. */
export function formatMilliseconds(value: number): string {
  return value.toFixed(3);
}

export function formatRatio(value: number): string {
  return value.toFixed(2);
}
