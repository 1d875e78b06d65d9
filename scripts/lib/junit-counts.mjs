// Prints "<passed> <failed>" for a JUnit XML report written by `ctest --output-junit`.
import { readFileSync } from 'node:fs';

let xml = '';
try { xml = readFileSync(process.argv[2], 'utf8'); } catch { /* no report: 0 0 */ }
const suite = xml.match(/<testsuite\b[^>]*>/)?.[0] ?? '';
const attr = (name) => Number(suite.match(new RegExp(`\\s${name}="(\\d+)"`))?.[1] ?? 0);
console.log(attr('tests') - attr('failures') - attr('skipped') - attr('disabled'), attr('failures'));
