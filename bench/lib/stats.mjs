/** Order statistics and ratios: medians because one noisy sample must not move the figure. */

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** @param {number[]} values */
export function summary(values) {
  return { min: Math.min(...values), median: median(values), max: Math.max(...values), n: values.length };
}

/**
 * The headline ratio is median(subject) / median(baseline). The median of the per-round ratios
 * (each subject run against the baseline run next to it) is given too: it cancels noise that hits
 * one round as a whole, so when the two disagree, the machine was busy.
 */
export function ratio(subject, baseline) {
  const paired = subject.map((s, i) => s / baseline[i]).filter(Number.isFinite);
  return { ofMedians: median(subject) / median(baseline), pairedMedian: paired.length ? median(paired) : NaN };
}
