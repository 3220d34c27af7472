/**
 * Manifests, indexes and OCI layout index.json files, parsed ONCE where they come in (a registry,
 * a layout on disk) into a typed value: every field this project reads is checked at run time here,
 * so that no reader downstream casts, and a hostile document is a typed error naming its digest
 * instead of a TypeError three calls later.
 *
 * As lenient as the gateway's fetcher (go-containerregistry's json.Unmarshal) where the gateway
 * verdict is computed: a field of the wrong JSON type fails there too, `null` is an absent field,
 * unknown fields and any media type string are carried along as they came.
 */
import { descriptorProblem, type Descriptor, type ImageIndex, type ImageManifest } from './spec.js';

/** A manifest or an index as read: every descriptor it names is usable; unknown fields are kept. */
export interface ManifestDocument {
  schemaVersion?: number;
  mediaType?: string;
  artifactType?: string;
  config?: Descriptor;
  layers?: Descriptor[];
  /** Present on an index (OCI image index, Docker manifest list). */
  manifests?: Descriptor[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
  /** Fields this project does not read, as the document had them. */
  [field: string]: unknown;
}

export type ManifestParse =
  | { document: ManifestDocument; problem?: undefined }
  /** `json` tells a body that is no JSON at all (`html`: a web page) from JSON of the wrong shape. */
  | { problem: string; document?: undefined; json: boolean; html?: boolean };

/** Thrown inside this module only, to leave a nested check with the reason; parse* turn it into a result. */
class ShapeProblem extends Error {}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return isRecord(value) && Object.values(value).every((v) => typeof v === 'string');
}

/** Problems quote what they found, but a megabyte string is cut: it ends up in a message. */
function quoted(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}

function optionalString(record: Record<string, unknown>, field: string, where: string): string | undefined {
  const value = record[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ShapeProblem(`${where}has the ${field} ${quoted(value)}, not a string`);
  return value;
}

function checkedPlatform(value: unknown, where: string): Descriptor['platform'] {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw new ShapeProblem(`${where} has the platform ${quoted(value)}, not an object`);
  // The fetcher reads a missing os or architecture as "" (no match for linux/amd64): so do we.
  const os = optionalString(value, 'os', `${where} platform `) ?? '';
  const architecture = optionalString(value, 'architecture', `${where} platform `) ?? '';
  const variant = optionalString(value, 'variant', `${where} platform `);
  return { ...value, os, architecture, ...(variant !== undefined ? { variant } : {}) };
}

function checkedDescriptor(value: unknown, where: string): Descriptor {
  const problem = descriptorProblem(value);
  if (problem || !isRecord(value)) throw new ShapeProblem(`${where} ${problem ?? 'is not an object'}`);
  const { mediaType, digest, size, annotations } = value;
  // descriptorProblem checked these; the typeof tests only tell the compiler so.
  if (typeof mediaType !== 'string' || typeof digest !== 'string' || typeof size !== 'number')
    throw new ShapeProblem(`${where} is not a descriptor`);
  const artifactType = optionalString(value, 'artifactType', `${where} `);
  const platform = checkedPlatform(value.platform, where);
  return {
    ...value,
    mediaType,
    digest,
    size,
    ...(isStringRecord(annotations) ? { annotations } : {}),
    ...(artifactType !== undefined ? { artifactType } : {}),
    ...(platform ? { platform } : {}),
  };
}

function checkedList(value: unknown, field: string, each: string): Descriptor[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw new ShapeProblem(`has ${field} ${quoted(value)}, not an array`);
  return value.map((d: unknown, i) => checkedDescriptor(d, `${each} ${i}`));
}

const KNOWN_FIELDS: ReadonlySet<string> = new Set([
  'schemaVersion',
  'mediaType',
  'artifactType',
  'config',
  'layers',
  'manifests',
  'subject',
  'annotations',
]);

function checkedDocument(value: unknown): ManifestDocument {
  if (!isRecord(value)) throw new ShapeProblem('is not a JSON object');
  const schemaVersion = value.schemaVersion;
  if (schemaVersion !== undefined && schemaVersion !== null && typeof schemaVersion !== 'number')
    throw new ShapeProblem(`has the schemaVersion ${quoted(schemaVersion)}, not a number`);
  const mediaType = optionalString(value, 'mediaType', '');
  const artifactType = optionalString(value, 'artifactType', '');
  // A `null` config is refused (not read as absent): no artifact of ours or of oras has one, and a
  // reader given one would have nothing to download.
  const config = value.config === undefined ? undefined : checkedDescriptor(value.config, 'config');
  const layers = checkedList(value.layers, 'layers', 'layer');
  const manifests = checkedList(value.manifests, 'manifests', 'child manifest');
  const subject = value.subject === undefined || value.subject === null ? undefined : checkedDescriptor(value.subject, 'subject');
  if (value.annotations !== undefined && value.annotations !== null && !isStringRecord(value.annotations))
    throw new ShapeProblem('has annotations that are not strings');
  const annotations = isStringRecord(value.annotations) ? value.annotations : undefined;
  // Unknown fields as they came; the known ones only as checked (one read as absent, `null`, is left out).
  const unknownFields = Object.fromEntries(Object.entries(value).filter(([field]) => !KNOWN_FIELDS.has(field)));
  return {
    ...unknownFields,
    ...(typeof schemaVersion === 'number' ? { schemaVersion } : {}),
    ...(mediaType !== undefined ? { mediaType } : {}),
    ...(artifactType !== undefined ? { artifactType } : {}),
    ...(config ? { config } : {}),
    ...(layers ? { layers } : {}),
    ...(manifests ? { manifests } : {}),
    ...(subject ? { subject } : {}),
    ...(annotations ? { annotations } : {}),
  };
}

/** An already-decoded JSON value (e.g. from a caller) checked as parseManifestDocument checks bytes. */
export function checkManifestDocument(value: unknown): ManifestParse {
  try {
    return { document: checkedDocument(value) };
  } catch (err) {
    if (err instanceof ShapeProblem) return { problem: err.message, json: true };
    throw err;
  }
}

/** The bytes of a manifest, an index or index.json → the typed document, or why it is none. */
export function parseManifestDocument(bytes: Uint8Array | string): ManifestParse {
  const text = typeof bytes === 'string' ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const html = /^\s*</.test(text);
    return { problem: html ? 'is an HTML page, not JSON' : 'is not valid JSON', json: false, html };
  }
  return checkManifestDocument(value);
}

/** The document as an image index (schemaVersion 2 with a manifests list), or undefined when it is none. */
export function asImageIndex(doc: ManifestDocument): ImageIndex | undefined {
  const { manifests, schemaVersion } = doc;
  if (!manifests || schemaVersion !== 2) return undefined;
  return { ...doc, schemaVersion, manifests };
}

/** The document as an image manifest (schemaVersion 2, a config and a layers list), or undefined when it is none. */
export function asImageManifest(doc: ManifestDocument): ImageManifest | undefined {
  const { config, layers, schemaVersion } = doc;
  if (!config || !layers || schemaVersion !== 2 || doc.manifests) return undefined;
  return { ...doc, schemaVersion, config, layers };
}
