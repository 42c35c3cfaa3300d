// A clean `npm ci` prints no install-script warning (npm 11's allowScripts) and the build needs no
// dependency's install script: every package with one is decided in package.json, and esbuild's is denied.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './cli-support.js';

interface LockedPackage {
  version?: string;
  hasInstallScript?: boolean;
  optional?: boolean;
  optionalDependencies?: Record<string, string>;
}

const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf-8')) as {
  allowScripts?: Record<string, boolean>;
};
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf-8')) as {
  packages: Record<string, LockedPackage>;
};

/** The package name of a lockfile key such as `node_modules/a/node_modules/@scope/b`. */
function nameOf(key: string): string {
  return key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
}

/** The allowScripts entry that decides a package: name-only (`esbuild`) or pinned (`esbuild@0.28.2`). */
function decision(name: string, version: string | undefined): boolean | undefined {
  const policy = packageJson.allowScripts ?? {};
  return policy[`${name}@${version}`] ?? policy[name];
}

describe('install scripts', () => {
  it('every dependency with an install script is allowed or denied in package.json (no npm warning)', () => {
    const withScripts = Object.entries(lock.packages)
      .filter(([key, entry]) => key !== '' && entry.hasInstallScript === true)
      .map(([key, entry]) => ({ name: nameOf(key), version: entry.version }));
    expect(withScripts.map(({ name }) => name)).toContain('esbuild');
    const undecided = withScripts.filter(({ name, version }) => decision(name, version) === undefined);
    expect(undecided).toEqual([]);
  });

  it("denies esbuild's postinstall: its binary comes from an optional platform package, so the build never needs it", () => {
    const esbuild = lock.packages['node_modules/esbuild'];
    expect(decision('esbuild', esbuild?.version)).toBe(false);
    const platform = `@esbuild/${process.platform}-${process.arch}`;
    expect(Object.keys(esbuild?.optionalDependencies ?? {})).toContain(platform);
    expect(lock.packages[`node_modules/${platform}`]?.optional).toBe(true);
  });
});
