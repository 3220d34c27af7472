/** How package, inspect and pull print an artifact: its layer table and the gateway's verdict. */
import type { GatewayVerdict } from '@hplugin/artifact';
import { formatBytes, renderTable } from '@hplugin/core';

export function layerTable(layers: Array<{ title?: string; mediaType: string; digest: string; size: number }>): string {
  return renderTable(
    ['file', 'media type', 'size', 'digest'],
    layers.map((l) => [l.title ?? '-', l.mediaType, formatBytes(l.size), l.digest.slice(0, 19)]),
  );
}

export function verdictLine(v: GatewayVerdict): string {
  const head = v.ok
    ? `✓ gateway: ${v.reason}`
    : `✗ gateway would reject it: ${v.reason}${v.problems.length > 1 ? `\n  - ${v.problems.slice(1).join('\n  - ')}` : ''}`;
  const pin =
    v.ok && v.pinned?.index
      ? [`  the gateway loads the linux/amd64 image ${v.pinned.digest} of index ${v.pinned.index}: that digest is the WasmPlugin sha256`]
      : [];
  const warnings = v.warnings.map((w) =>
    w.scope === 'registry' ? `! registry (${w.registry ?? 'some registries'}): ${w.message}` : `! Envoy runtime: ${w.message}`,
  );
  return [head, ...pin, ...warnings].join('\n');
}
