// `npm run validate`: checks appsscript.json, the clasp project files and the Office manifest (and their
// built copies under dist/, when present) against their publishers' schemas in ../shared/schemas, plus
// the hand checks those schemas cannot make. The checks live in manifest-checks.mjs, shared with
// test/manifests.test.ts. Exit code 1 when any check fails.
import {
  checkAllManifests,
  schemasAvailable,
  sharedSchemasDir,
  xmllintAvailable,
} from './manifest-checks.mjs';

const schemasDir = sharedSchemasDir();

if (!schemasAvailable(schemasDir)) {
  // The schemas are kept beside the project, not in it; without them there is nothing to validate against.
  console.log('skipped: ../shared/schemas not found');
  process.exit(0);
}
if (!xmllintAvailable()) {
  console.log(
    'note: xmllint not found, so the Office manifests will fail; install it: apt-get install -y libxml2-utils',
  );
}

let failed = 0;
for (const { name, ok, errors, notes } of checkAllManifests({ schemasDir })) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}`);
  for (const error of errors) console.log(`       ${error}`);
  for (const note of notes) console.log(`       note: ${note}`);
  if (!ok) failed++;
}
console.log(failed === 0 ? 'all manifests valid' : `${failed} manifest check(s) failed`);
process.exitCode = failed === 0 ? 0 : 1;
