/** Readable JSON paths for messages: spec.configSchema.openAPIV3Schema.example.consumers[0].name */
export function joinPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  const safe = /^[A-Za-z_$][\w$-]*$/.test(key);
  if (!base) return safe ? key : `[${JSON.stringify(key)}]`;
  return safe ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`;
}

/** ajv's `/consumers/0/name` (JSON Pointer) → `.consumers[0].name` appended to base. */
export function pointerToPath(base: string, pointer: string): string {
  if (!pointer) return base;
  return pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<string>((acc, part) => joinPath(acc, /^\d+$/.test(part) ? Number(part) : part), base);
}
