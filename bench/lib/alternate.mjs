/**
 * Alternating runs: every round runs each case once, in A B order on even rounds and B A on odd
 * ones (A B B A A B …), so a burst of machine noise lands on both sides and neither side always
 * goes first (first runs pay for cold page caches and CPU frequency ramps).
 *
 * A case: { name, prepare?(round): Promise<void> (untimed), command(round): cmd, rss?: boolean }.
 */
import { timed } from './proc.mjs';

export async function alternate(cases, rounds, log = () => {}) {
  /** @type {Record<string, {ms: number[], rssMb: number[]}>} */
  const samples = Object.fromEntries(cases.map((c) => [c.name, { ms: [], rssMb: [] }]));
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? cases : [...cases].reverse();
    for (const c of order) {
      await c.prepare?.(round);
      const result = await timed(await c.command(round), { rss: c.rss });
      samples[c.name].ms.push(result.ms);
      if (result.rssMb !== undefined) samples[c.name].rssMb.push(result.rssMb);
      await c.after?.(round);
      log(
        `  round ${round + 1}/${rounds} ${c.name}: ${Math.round(result.ms)} ms${result.rssMb !== undefined ? `, ${Math.round(result.rssMb)} MB` : ''}`,
      );
    }
  }
  return samples;
}
