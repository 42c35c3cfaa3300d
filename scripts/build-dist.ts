// The build steps after tsc: the built-in rules as validated JSON, and the CLI as two bundled scripts
// with V8 code caches. Run by `npm run build` (and so by `npm ci`, through `prepare`).
//
// 1. dist/built-in-rules.json: start-up skips YAML parsing and rule validation (src/rules/built-in-artefact.ts
//    says why it is never read stale).
// 2. dist/bundle/cli.cjs and convert.cjs: dist/cli/main.js and everything it imports, node_modules included,
//    in two CommonJS scripts (esbuild): the CLI, and its converting half (src/cli/converter-side.ts, jsdom and
//    all after it), which main.js loads only for a command that converts in its own thread; batch workers load
//    it too. Each module keeps its own location: import.meta.url, __dirname and __filename are replaced, file
//    by file, by the absolute path of the file they were written in, so jsdom still finds its stylesheet and
//    css-tree its data. The manifest pins the package root and the inputs; src/bundle/load-bundle.ts uses a
//    bundle only while they are unchanged.
// 3. dist/bundle/cli.cache and convert.cache: the V8 code caches, taken from a child `node` after it converted
//    a page with the bundles, so they hold the functions a conversion compiles, not only the top level.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, transform, type Plugin } from 'esbuild';
import { toAsciiSource } from './ascii-source.js';
import { createArtefact } from '../src/rules/built-in-artefact.js';
import { parseRuleSet, readBuiltInRuleFiles } from '../src/rules/load-rules.js';
import { isValidXPath } from '../src/rules/xpath/check-xpath.js';
import { digestSiteConfig, listSiteConfigNames, SITE_CONFIG_DIR } from '../src/sites/built-in-sites.js';
import { parseSiteConfig } from '../src/sites/parse-site-config.js';
import { writeSiteArtefacts } from '../src/sites/site-artefact.js';
import { MANIFEST_FORMAT, type BundleManifest } from '../src/bundle/load-bundle.js';
import { stampFile, type FileStamp } from '../src/file-stamp.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist');
const BUNDLE_DIR = join(DIST, 'bundle');

function writeRulesArtefact(): void {
  const files = readBuiltInRuleFiles();
  const artefact = createArtefact(
    files,
    files.map(({ text, source }) => parseRuleSet(text, source)),
    listJsFiles(join(DIST, 'rules')),
  );
  writeFileSync(join(DIST, 'built-in-rules.json'), `${JSON.stringify(artefact)}\n`);
  log(`${artefact.sets.length} built-in rule sets → dist/built-in-rules.json`);
}

/**
 * dist/site-configs/: each Full-Text RSS site config parsed and validated (XPath checked by jsdom) once here,
 * so a page whose host has one reads a small JSON file instead (src/sites/site-artefact.ts). A config the
 * reader refuses fails the build, naming the file.
 */
function writeSiteConfigArtefact(): void {
  const names = listSiteConfigNames();
  const entries = names.map((name) => {
    const text = readFileSync(join(SITE_CONFIG_DIR, `${name}.txt`), 'utf-8');
    const set = parseSiteConfig(text, `rules/ftr-site-config/${name}.txt`, { isValidXPath });
    return { name, sha256: digestSiteConfig(text), set };
  });
  writeSiteArtefacts(join(DIST, 'site-configs'), entries, [
    ...listJsFiles(join(DIST, 'sites')),
    ...listJsFiles(join(DIST, 'rules')),
  ]);
  log(`${entries.length} Full-Text RSS site configs → dist/site-configs/`);
}

/** The bundles: the CLI without its converting half, and that half (src/cli/converter-side.ts) on its own. */
const BUNDLES = {
  cli: join(DIST, 'cli', 'main.js'),
  convert: join(DIST, 'cli', 'converter-side.js'),
} as const;
type BundleName = keyof typeof BUNDLES;

async function writeCliBundle(): Promise<void> {
  mkdirSync(BUNDLE_DIR, { recursive: true });
  const manifestPath = join(BUNDLE_DIR, 'manifest.json');
  const names = Object.keys(BUNDLES) as BundleName[];
  const scriptPath = (name: BundleName): string => join(BUNDLE_DIR, `${name}.cjs`);
  const cachePath = (name: BundleName): string => join(BUNDLE_DIR, `${name}.cache`);
  // No manifest while the bundles are rebuilt: a failed build leaves the unbundled CLI in use, never a mix.
  for (const path of [
    manifestPath,
    ...names.flatMap((name) => [scriptPath(name), `${scriptPath(name)}.LEGAL.txt`, cachePath(name)]),
  ]) {
    rmSync(path, { force: true });
  }

  const inputFiles = new Set<string>();
  const modules: Record<string, number> = {};
  for (const name of names) {
    const result = await build({
      entryPoints: [BUNDLES[name]],
      outfile: scriptPath(name),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20.19',
      // No keepNames for the whole bundle: its `__name()` call wherever a named function or closure is made cost
      // 15 % of CPU per page (BENCHMARKS.md, issue 15). Names stay as written only in the packages that read
      // `constructor.name` (KEEP_NAMES_IN, through ownLocations); our own error classes name themselves.
      keepNames: false,
      // Whitespace and comments out: the script is read and scanned at every start, so its size is start-up time.
      minifyWhitespace: true,
      legalComments: 'external',
      metafile: true,
      logLevel: 'warning',
      // The CLI's bundle leaves its converting half out: main.ts loads that from the other bundle (or dist/).
      plugins: name === 'cli' ? [ownLocations(), leaveOut(BUNDLES.convert)] : [ownLocations()],
    });
    for (const input of Object.keys(result.metafile.inputs)) inputFiles.add(resolve(ROOT, input));
    modules[name] = Object.keys(result.metafile.inputs).length;
    // Plain ASCII reads as a plain copy at every start instead of UTF-8 decoded (scripts/ascii-source.ts).
    const ascii = toAsciiSource(readFileSync(scriptPath(name), 'utf-8'));
    writeFileSync(scriptPath(name), ascii.code);
    if (ascii.left > 0) log(`note: dist/bundle/${name}.cjs keeps ${ascii.left} non-ASCII token(s); it loads as UTF-8`);
  }
  const inputs = bundleInputs([...inputFiles]);

  const codeCache = makeCodeCaches(
    names.map((name) => ({ name, script: scriptPath(name), cache: cachePath(name) })),
    inputs,
  );
  if (codeCache.failed !== undefined) throw new Error(`the bundled CLI failed on the sample page: ${codeCache.failed}`);
  const manifest: BundleManifest = {
    format: MANIFEST_FORMAT,
    node: process.version,
    root: ROOT,
    entries: Object.fromEntries(
      names.map((name) => [name, { script: stampFile(scriptPath(name)), codeCache: stampFile(cachePath(name)) }]),
    ),
    inputs,
  };
  writeFileSync(manifestPath, `${JSON.stringify(manifest)}\n`);
  const size = (path: string): string => `${(stampFile(path).size / 2 ** 20).toFixed(1)} MB`;
  for (const name of names) {
    log(
      `${modules[name]} modules → dist/bundle/${name}.cjs (${size(scriptPath(name))}), ` +
        `code cache ${size(cachePath(name))}`,
    );
  }
}

/** Leaves `file` out of the bundle: an import of it stays an import of the file itself, at run time. */
function leaveOut(file: string): Plugin {
  return {
    name: 'leave-out',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /\.js$/ }, ({ path, resolveDir }) =>
        resolve(resolveDir, path) === file ? { path: file, external: true } : undefined,
      );
    },
  };
}

/**
 * The files whose change makes the bundle out of date: our own modules one by one, and for node_modules
 * each package's package.json plus npm's record of the installed tree (npm gives every file in a package
 * the same fixed mtime, so a changed dependency shows in the tree record, not in its files' stamps).
 */
function bundleInputs(files: readonly string[]): FileStamp[] {
  const stamped = new Set<string>();
  for (const file of files) {
    const inPackage = /^(.*\/node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(file);
    stamped.add(inPackage?.[1] !== undefined ? join(inPackage[1], 'package.json') : file);
  }
  const tree = join(ROOT, 'node_modules', '.package-lock.json');
  if (existsSync(tree)) stamped.add(tree);
  return [...stamped].sort().map(stampFile);
}

/**
 * The files whose classes are compared by `name`: jsdom's interfaces and window (`constructor.name ===
 * "DOMException"`, `"Attr"`, `"Window"`); undici (`"EnvironmentSettingsObject"`, `"Window"`); tough-cookie,
 * commander, @xmldom/xmldom and yaml, which name errors or types by it. Without keepNames the bundle renames
 * a class whose name another module also uses (jsdom's `DOMException` becomes `DOMException2`), so these keep
 * their names. Not the rest of jsdom: keeping its names cost 7 % of CPU per page (BENCHMARKS.md).
 */
const KEEP_NAMES_IN =
  /\/node_modules\/(?:jsdom\/lib\/generated\/idl\/|jsdom\/lib\/jsdom\/browser\/Window\.js$|(?:undici|tough-cookie|commander|@xmldom\/xmldom|yaml)\/)/;

/**
 * Replaces import.meta.url, __dirname, __filename and `require.resolve('./relative')` in each bundled file
 * by that file's own absolute location, which the bundle would otherwise change to its own; and keeps the
 * function and class names of the files in KEEP_NAMES_IN.
 */
function ownLocations(): Plugin {
  return {
    name: 'own-locations',
    setup(pluginBuild) {
      pluginBuild.onLoad({ filter: /\.[cm]?js$/ }, async ({ path }) => {
        const source = readFileSync(path, 'utf-8');
        const keepNames = KEEP_NAMES_IN.test(path);
        if (!keepNames && !/import\.meta|__dirname|__filename|require\.resolve\(/.test(source)) return undefined;
        if (/import\.meta\.(?!url\b)/.test(source)) throw new Error(`${path}: import.meta other than .url`);
        const withResolved = source.replace(/\brequire\.resolve\((["'])(\.{1,2}\/[^"']+)\1\)/g, (_, _quote, request) =>
          JSON.stringify(resolve(dirname(path), String(request))),
        );
        // esbuild's define replaces only free identifiers, never a local `const __dirname = …`.
        const { code } = await transform(withResolved, {
          loader: 'js',
          sourcefile: path,
          keepNames,
          define: {
            'import.meta.url': JSON.stringify(pathToFileURL(path).href),
            __dirname: JSON.stringify(dirname(path)),
            __filename: JSON.stringify(path),
          },
        });
        return { contents: code, loader: 'js', resolveDir: dirname(path) };
      });
    },
  };
}

/**
 * Runs the bundles on a small page in a child `node`, which then writes the code cache V8 built meanwhile for
 * each: the converting half converts the page as a batch worker does, the CLI as `declutter -` does.
 */
function makeCodeCaches(
  bundles: readonly { name: string; script: string; cache: string }[],
  inputs: FileStamp[],
): { failed: string | undefined } {
  // A provisional manifest without caches, so the child loads the bundles exactly as the CLI will.
  writeFileSync(
    join(BUNDLE_DIR, 'manifest.json'),
    JSON.stringify({
      format: MANIFEST_FORMAT,
      node: process.version,
      root: ROOT,
      entries: Object.fromEntries(
        bundles.map(({ name, script }) => [name, { script: stampFile(script), codeCache: undefined }]),
      ),
      inputs,
    } satisfies BundleManifest),
  );
  // Plain node with no extra flags: V8 accepts a code cache only under the flags it was made with.
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  delete env.DECLUTTER_NO_BUNDLE;
  const caches = Object.fromEntries(bundles.map(({ name, cache }) => [name, cache]));
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', CACHE_WRITER, JSON.stringify(caches)], {
    cwd: ROOT,
    env,
    input: SAMPLE_PAGE,
    encoding: 'utf-8',
  });
  if (child.status === 0 && child.stdout.includes('caches written')) return { failed: undefined };
  const lines = child.stderr.split('\n').map((line) => line.trim());
  return { failed: lines.find((line) => /Error\b/.test(line)) ?? lines.find(Boolean) ?? `exit ${child.status}` };
}

const CACHE_WRITER = `
import { readFileSync, writeFileSync } from 'node:fs';
import { Readable, Writable } from 'node:stream';
const { loadBundleScript } = await import(${JSON.stringify(pathToFileURL(join(DIST, 'bundle', 'load-bundle.js')).href)});
const caches = JSON.parse(process.argv[1]);
const page = readFileSync(0);
const convert = loadBundleScript('convert');
if (convert === undefined) throw new Error('the converter bundle was not loaded');
const result = await convert.exports.convertPage({
  source: { kind: 'bytes', bytes: page }, label: 'sample', options: {},
  render: { format: 'markdown', frontMatter: false, explain: false }, maxDecompressedBytes: 2 ** 20,
});
if (!result.ok) throw new Error('sample page: ' + result.message);
const cli = loadBundleScript('cli');
if (cli === undefined) throw new Error('the CLI bundle was not loaded');
const sink = () => new Writable({ write(_chunk, _encoding, done) { done(); } });
const code = await cli.exports.runCli(['node', 'declutter', '-'], {
  stdin: Readable.from([page]), stdout: sink(), stderr: process.stderr, env: {}, watchInterrupt: () => new AbortController().signal,
});
if (code !== 0) throw new Error('sample page: exit ' + code);
writeFileSync(caches.convert, convert.script.createCachedData());
writeFileSync(caches.cli, cli.script.createCachedData());
process.stdout.write('caches written\\n');
`;

/** An article page with the parts the built-in rules look at, so the cache holds their code too. */
const SAMPLE_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sample article</title></head>
<body>
<div class="cookie-banner">We use cookies to improve your experience. <button>Accept all</button></div>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Sample article</h1>
<figure><img src="/a.jpg" alt="A harbour"><figcaption>A harbour at dawn. /Photo</figcaption></figure>
<p>A harbour at dawn. /Photo</p>
${Array.from({ length: 6 }, (_, n) => `<p>Paragraph ${n + 1} of the sample article, with <a href="/x">a link</a>, <em>emphasis</em> and enough ordinary words that the extractor keeps it as the body of the page.</p>`).join('\n')}
<ul><li>one</li><li>two</li></ul>
<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>
<pre><code>code()</code></pre>
<h2>Related</h2><ul><li><a href="/r1">Another story</a></li><li><a href="/r2">One more</a></li></ul>
</article>
<footer>Search Trends</footer>
</body></html>
`;

// Last, so the constants above are initialised before the steps run.
writeRulesArtefact();
writeSiteConfigArtefact();
await writeCliBundle().catch((error: unknown) => {
  // Without a manifest the CLI runs unbundled: slower, the same otherwise. test/bundle.test.ts then fails.
  rmSync(join(BUNDLE_DIR, 'manifest.json'), { force: true });
  log(`warning: no CLI bundle: ${error instanceof Error ? error.message.split('\n', 1)[0] : String(error)}`);
});

function listJsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.js'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

function log(line: string): void {
  process.stderr.write(`build: ${line}\n`);
}
