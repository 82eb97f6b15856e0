#!/usr/bin/env node
// Release a tag: node scripts/release.mjs vX.Y.Z [--notes-file PATH] [--remote origin] [--dry-run]
//
// Run inside a git checkout that has the tag (the release workflow does). Checks
// that the tag is vMAJOR.MINOR.PATCH, that package.json at the tagged commit has
// that version and that CHANGELOG.md has its section; writes the section to
// --notes-file; then moves the moving tag (v0.MINOR before 1.0, vMAJOR after) to
// the release commit and force-pushes it. Exit 1 for a release that cannot go
// ahead (nothing is moved), 2 for bad usage. See CONTRIBUTING.md, "Releasing".

import { parseArgs } from 'node:util';
import { ReleaseError } from './release/release-error.mjs';
import { applyRelease, describePlan, planRelease } from './release/steps.mjs';

const USAGE = 'usage: node scripts/release.mjs vX.Y.Z [--notes-file PATH] [--remote NAME] [--dry-run]';

function readCommandLine(argv) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'notes-file': { type: 'string' },
      remote: { type: 'string', default: 'origin' },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return { help: true };
  if (positionals.length !== 1) throw new TypeError(`expected one tag, got ${positionals.length}`);
  if (!/^[A-Za-z0-9][\w.-]*$/.test(values.remote)) throw new TypeError(`--remote must be a remote name, got ${JSON.stringify(values.remote)}`);
  return { tag: positionals[0], notesFile: values['notes-file'], remote: values.remote, dryRun: values['dry-run'] };
}

/** One line on stderr; inside GitHub Actions also an error annotation. */
function fail(message) {
  if (process.env.GITHUB_ACTIONS === 'true') console.log(`::error title=release::${message.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}`);
  console.error(`release: ${message}`);
}

function main() {
  let args;
  try {
    args = readCommandLine(process.argv.slice(2));
  } catch (error) {
    console.error(`release: ${error.message}\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  try {
    const plan = planRelease(args.tag, process.cwd());
    if (args.dryRun) console.log(describePlan(plan, args).join('\n'));
    else applyRelease(plan, { cwd: process.cwd(), remote: args.remote, notesFile: args.notesFile, log: (line) => console.log(line) });
    return 0;
  } catch (error) {
    if (!(error instanceof ReleaseError)) throw error;
    fail(error.message);
    return 1;
  }
}

process.exitCode = main();
