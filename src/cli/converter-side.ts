// The half of the CLI that converts pages in its own thread: jsdom, Readability, the rules and the Markdown
// stack behind them. main.ts imports it only for a command that needs it (one page, `declutter rules`,
// --rules, rule switches), and the build bundles it on its own (dist/bundle/convert.cjs), so the main thread
// of a batch or a stream, which only hands pages to workers, never reads or compiles it; each worker loads
// it for itself (src/batch/worker-entry.ts).

export { default as convertPage } from '../batch/worker.js';
export { loadRuleFiles } from '../rules/load-rules.js';
export { checkRuleSwitches } from '../rules/rule-catalogue.js';
export { runRulesCommand } from './rules-command.js';
export { runSingle } from './single.js';
