// Lighthouse on several pages in one Node process, in a Chromium that is already running
// with remote debugging (tests/browser.py, lighthouse_reports): one Node start, one
// browser, where Lighthouse's command line starts both and stops both for every page
// (about 6 of its 15 seconds a page here).
//
//   node tests/lighthouse_runs.mjs PORT JOBS.json
//
// JOBS.json: [{"url": ..., "categories": ["accessibility", ...], "report": "path.json"}, ...]
// Each report is Lighthouse's JSON, as `lighthouse URL --output=json` writes it; settings
// are Lighthouse's defaults (a mobile phone on slow 4G, simulated), without the full-page
// screenshot, which only its HTML report shows (it scores nothing, and cost CPU time).
import { readFileSync, writeFileSync } from 'node:fs';
import lighthouse from 'lighthouse';

const [port, jobsFile] = process.argv.slice(2);
for (const job of JSON.parse(readFileSync(jobsFile, 'utf8'))) {
  const result = await lighthouse(job.url, {
    port: Number(port), output: 'json', logLevel: 'error', formFactor: 'mobile',
    onlyCategories: job.categories, disableFullPageScreenshot: true,
  });
  writeFileSync(job.report, result.report);
}
process.exit(0);   // Lighthouse leaves handles open that would keep Node up for seconds
