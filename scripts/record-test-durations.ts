/**
 * Records how long each test file took in the last run (vitest's JSON report in test-artifacts/)
 * into test/file-durations.json, the order a clean clone's first run takes before vitest has
 * timings of its own (see test/helpers/file-order.ts). A run of some files updates those only;
 * files gone from the repository leave the record. Best after a whole `npm test`:
 *
 *   npm run test:durations
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const REPORT = path.join(ROOT, 'test-artifacts', 'vitest-report.json');
const RECORD = path.join(ROOT, 'test', 'file-durations.json');

interface VitestReport {
  testResults: { name: string; startTime: number; endTime: number }[];
}

const report = JSON.parse(readFileSync(REPORT, 'utf8')) as VitestReport;
const previous = existsSync(RECORD) ? (JSON.parse(readFileSync(RECORD, 'utf8')) as Record<string, number>) : {};
const measured = report.testResults.map(({ name, startTime, endTime }) => [path.relative(ROOT, name).split(path.sep).join('/'), Math.round(endTime - startTime)] as const);
const durations = Object.fromEntries(
  [...Object.entries(previous), ...measured].filter(([file]) => existsSync(path.join(ROOT, file))).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
);
writeFileSync(RECORD, `${JSON.stringify(durations, null, 2)}\n`);
console.log(`recorded ${measured.length} files' durations (${Object.keys(durations).length} in all) in ${path.relative(ROOT, RECORD)}`);
