/** Markdown for BENCHMARKS.md: machine, then per suite the commands, the samples and the ratios. */
import { ratio, summary } from './stats.mjs';

const time = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
const mb = (v) => `${Math.round(v)} MB`;
const x = (v) => `${v.toFixed(2)}×`;

function table(head, rows) {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** The figures of one suite, computed once so the markdown and the JSON agree. */
export function figures(suite, samples) {
  const cases = suite.cases.map((c) => {
    const s = samples[c.name];
    return { name: c.name, ms: summary(s.ms), ...(s.rssMb.length ? { rssMb: summary(s.rssMb) } : {}), samplesMs: s.ms.map(Math.round) };
  });
  const comparisons = suite.comparisons.map((cmp) => {
    const r = ratio(samples[cmp.subject].ms, samples[cmp.baseline].ms);
    return { ...cmp, ...r, met: cmp.target === undefined ? undefined : r.ofMedians <= cmp.target };
  });
  // A limit is a number of MB, or relative to another case's peak: factor × its peak + plusMb.
  const rss = Object.entries(suite.rssTargets ?? {}).map(([name, target]) => {
    const peak = Math.max(...samples[name].rssMb);
    const limitMb = typeof target === 'number' ? target : target.factor * Math.max(...samples[target.baseline].rssMb) + target.plusMb;
    const rule =
      typeof target === 'number'
        ? undefined
        : `${target.factor}× ${target.baseline}'s ${Math.round(Math.max(...samples[target.baseline].rssMb))} MB + ${target.plusMb} MB`;
    return { name, limitMb, peakMb: peak, met: peak <= limitMb, ...(rule ? { rule } : {}) };
  });
  return { title: suite.title, rounds: suite.rounds, notes: suite.notes, commands: suite.commands, cases, comparisons, rss };
}

export function suiteMarkdown(f) {
  const withRss = f.cases.some((c) => c.rssMb);
  const out = [`### ${f.title} (${f.rounds} alternating rounds)`, '', ...(f.notes ? [f.notes, ''] : [])];
  if (f.commands) {
    out.push('```sh', ...Object.entries(f.commands).flatMap(([name, lines]) => [`# ${name}`, ...lines]), '```', '');
  }
  out.push(
    table(
      ['case', 'min', 'median', 'max', ...(withRss ? ['peak RSS min / median / max'] : [])],
      f.cases.map((c) => [
        c.name,
        time(c.ms.min),
        time(c.ms.median),
        time(c.ms.max),
        ...(withRss ? [c.rssMb ? `${mb(c.rssMb.min)} / ${mb(c.rssMb.median)} / ${mb(c.rssMb.max)}` : '-'] : []),
      ]),
    ),
    '',
    table(
      ['ratio', 'median ÷ median', 'median of paired ratios', 'target', ''],
      f.comparisons.map((c) => [
        `${c.subject} ÷ ${c.baseline}`,
        x(c.ofMedians),
        x(c.pairedMedian),
        c.target === undefined ? 'for information' : `≤ ${x(c.target)}`,
        c.met === undefined ? '' : c.met ? 'met' : '**missed**',
      ]),
    ),
  );
  for (const r of f.rss)
    out.push(
      '',
      `Peak RSS of ${r.name}: ${mb(r.peakMb)} at most (target ≤ ${mb(r.limitMb)}${r.rule ? `: ${r.rule}` : ''}): ${r.met ? 'met' : '**missed**'}`,
    );
  return out.join('\n');
}

export function machineMarkdown(m, options) {
  const v = m.versions;
  return [
    '### Machine and versions',
    '',
    `- CPU: ${m.cpuModel}, ${m.cores} cores (nproc); memory ${m.memoryGiB} GiB; ${m.kernel}; load average at start ${m.loadAverageAtStart}`,
    `- node ${v.node}; ${v.go}; oras ${v.oras.replace(/^Version:\s*/, '')}; docker-registry ${v.dockerRegistry}; hplugin ${v.hplugin} at commit ${v.hpluginCommit}`,
    `- options: --runs ${options.runs}, --go-cache ${options.goCache}, --sizes ${options.sizes.join(',')}, --plugins ${options.plugins}, --cli ${options.cli} (${options.cli === 'packed' ? 'the published package, bundled, installed by npm' : 'the workspace entry, unbundled'})`,
  ].join('\n');
}
