// The Nu HTML Checker (npm vnu-jar, run by the system's Java) over HTML
// documents the tests collected. vnu refuses loopback URLs, so the documents
// are written to files and checked in one run (one Java start for them all).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

// The path of vnu.jar inside node_modules/vnu-jar.
export const VNU_JAR = path.join(path.dirname(require.resolve('vnu-jar/package.json')), 'build', 'dist', 'vnu.jar');

// Checks `documents` ([{ name, html }]) and returns the errors, each as
// { name, line, message, extract }; warnings and info messages are left out.
// Throws when Java or the checker cannot run or answers something that is not
// its JSON report.
export function vnuErrors(documents, scratch) {
  if (documents.length === 0) return [];
  const dir = mkdtempSync(path.join(scratch, 'vnu-'));
  try {
    const byUrl = new Map();
    const files = documents.map((document, i) => {
      const file = path.join(dir, `${String(i).padStart(4, '0')}.html`);
      writeFileSync(file, document.html);
      byUrl.set(pathToFileURL(file).href, document.name);
      return file;
    });
    const run = spawnSync('java', ['-Xss2m', '-jar', VNU_JAR, '--format', 'json', '--stdout', ...files], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      timeout: 5 * 60 * 1000,
    });
    if (run.error) throw new Error(`could not run the Nu HTML Checker (java -jar vnu.jar): ${run.error.message}`);
    let report;
    try {
      report = JSON.parse(run.stdout);
    } catch {
      throw new Error(`the Nu HTML Checker did not answer JSON (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
    }
    return report.messages
      .filter((m) => m.type === 'error' || m.type === 'non-document-error')
      .map((m) => ({
        name: byUrl.get(m.url) ?? byUrl.get(m.url?.replace(/^file:\//, 'file:///')) ?? m.url ?? '(no document)',
        line: m.lastLine ?? 0,
        message: m.message,
        extract: (m.extract ?? '').replace(/\s+/g, ' ').trim(),
      }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
