/**
 * README per language. The Higress layout: README.md in the default language (Chinese for the
 * official plugins) and README_{LANG}.md for the others, e.g. README_EN.md. The first language
 * listed is the default one.
 */
import { readdir } from 'node:fs/promises';

export interface CheckReadmesOptions {
  pluginDir: string;
  /** e.g. ['zh-CN', 'en-US'] → README.md, README_EN.md. Empty: nothing is required. */
  languages: readonly string[];
  /** Explicit file per language (package.readmes), overriding the convention. */
  files?: Record<string, string>;
}

export interface ReadmeEntry {
  language: string;
  file: string;
  exists: boolean;
  /** A file with the same name in another letter case (README_en.md): found, but not where Higress looks. */
  differentCase?: string;
}

export interface ReadmeCheck {
  ok: boolean;
  readmes: ReadmeEntry[];
  /** Expected files that do not exist. */
  missing: string[];
}

export function readmeFileFor(language: string, isDefault: boolean): string {
  return isDefault ? 'README.md' : `README_${language.split(/[-_]/)[0]!.toUpperCase()}.md`;
}

export async function checkReadmes(options: CheckReadmesOptions): Promise<ReadmeCheck> {
  const present = await readdir(options.pluginDir).catch(() => [] as string[]);
  const readmes = options.languages.map((language, i): ReadmeEntry => {
    const file = options.files?.[language] ?? readmeFileFor(language, i === 0);
    const exists = present.includes(file);
    const other = exists ? undefined : present.find((p) => p.toLowerCase() === file.toLowerCase());
    return { language, file, exists, ...(other ? { differentCase: other } : {}) };
  });
  const missing = readmes.filter((r) => !r.exists).map((r) => r.file);
  return { ok: missing.length === 0, readmes, missing };
}
