// `npx tsx bench/findings.ts [--half tune]`: what declutter leaks on its lowest-precision AEB pages, by kind of block.
//
// Leaked blocks and their categories come from leaked-blocks.ts. Markdown report on stdout, progress on stderr.

import { parseArgs } from 'node:util';
import { DEFAULT_DATA_DIR, loadPages, parseHalf, readPageBytes, selectHalf, type AebPage } from './aeb-data.js';
import { pagePrecision, scorePage } from './aeb-metric.js';
import { convertWithDeclutter } from './convert-declutter.js';
import { leakedBlocks, type LeakedBlock } from './leaked-blocks.js';
import { markdownToBlocks, markdownToText } from './markdown-to-text.js';

interface PageFindings {
  page: AebPage;
  precision: number;
  leaked: LeakedBlock[];
  /** Heading blocks in the output (to tell whether the truth keeps subheadings at all). */
  headings: number;
}

function main(): void {
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      worst: { type: 'string' },
      limit: { type: 'string' },
      half: { type: 'string', default: 'tune' },
    },
  });
  const worst = Number(values.worst ?? 40);
  // Findings read the tune half only by default, so the check half stays unseen (see selectHalf).
  const pages = selectHalf(loadPages(values.data ?? DEFAULT_DATA_DIR), parseHalf(values.half)).slice(
    0,
    Number(values.limit ?? Infinity),
  );
  const findings: PageFindings[] = [];
  for (const [index, page] of pages.entries()) {
    let markdown = '';
    let title: string | undefined;
    try {
      ({ markdown, title } = convertWithDeclutter(readPageBytes(page), page.url));
    } catch {
      // A page that throws has no output and so no leaks; the gate reports it.
    }
    const precision = pagePrecision(scorePage({ truth: page.truth, predicted: markdownToText(markdown) }));
    const headings = markdownToBlocks(markdown).filter((block) => block.kind === 'heading').length;
    findings.push({ page, precision, leaked: leakedBlocks(markdown, page.truth, { title }), headings });
    if ((index + 1) % 20 === 0) process.stderr.write(`findings ${index + 1}/${pages.length}\n`);
  }
  const chosen = findings
    .filter((f) => f.leaked.length > 0)
    .sort((a, b) => a.precision - b.precision)
    .slice(0, worst);
  const headings = findings.reduce((sum, f) => sum + f.headings, 0);
  const leakedHeadings = findings.reduce(
    (sum, f) => sum + f.leaked.filter((l) => l.block.kind === 'heading').length,
    0,
  );
  const lines = [
    `# What declutter leaks on AEB (${new Date().toISOString()})`,
    '',
    `All ${pages.length} pages: ${findings.filter((f) => f.leaked.length > 0).length} pages leak something; ` +
      `${leakedHeadings} of the ${headings} headings in the output are not in the truth.`,
    '',
    ...categoryTable(findings, `All ${pages.length} pages`),
    ...categoryTable(
      chosen,
      `The ${chosen.length} lowest-precision pages (precision ${chosen[0]?.precision.toFixed(3) ?? '-'} to ${chosen.at(-1)?.precision.toFixed(3) ?? '-'})`,
    ),
    ...perPage(chosen),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

function categoryTable(findings: readonly PageFindings[], title: string): string[] {
  const all = findings.flatMap((f) => f.leaked.map((l) => ({ ...l, id: f.page.id })));
  const tokens = all.reduce((sum, l) => sum + l.tokens, 0);
  const lines = [
    `## ${title}`,
    '',
    `Leaked blocks: ${all.length}, ${tokens} tokens.`,
    '',
    '| category | blocks | pages | tokens | share of leaked tokens | before / inside / after body (blocks) |',
    '|---|---:|---:|---:|---:|---|',
  ];
  const names = [...new Set(all.map((l) => l.category))];
  const rows = names.map((name) => {
    const of = all.filter((l) => l.category === name);
    const t = of.reduce((sum, l) => sum + l.tokens, 0);
    const at = (p: LeakedBlock['position']): number => of.filter((l) => l.position === p).length;
    return { name, blocks: of.length, pages: new Set(of.map((l) => l.id)).size, t, at };
  });
  for (const r of rows.sort((a, b) => b.t - a.t)) {
    const share = tokens > 0 ? `${((100 * r.t) / tokens).toFixed(1)} %` : '-';
    lines.push(
      `| ${r.name} | ${r.blocks} | ${r.pages} | ${r.t} | ${share} | ${r.at('before body')} / ${r.at('inside body')} / ${r.at('after body')} |`,
    );
  }
  lines.push('');
  return lines;
}

function perPage(findings: readonly PageFindings[]): string[] {
  const lines = ['## Per page', ''];
  for (const f of findings) {
    const host = f.page.url === undefined ? '' : new URL(f.page.url).hostname;
    lines.push(`### ${f.page.id.slice(0, 8)} ${host} precision ${f.precision.toFixed(3)}`, '');
    for (const l of f.leaked) {
      const preview = l.block.text.replace(/\s+/g, ' ').slice(0, 90);
      lines.push(`- ${l.category}, ${l.position}, ${l.tokens} tokens: ${preview}`);
    }
    lines.push('');
  }
  return lines;
}

main();
