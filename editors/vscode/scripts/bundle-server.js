// Copies the language server built by `mvn package` (compiler/target/nnet-compiler-*.jar and compiler/target/lib)
// into server/, where the extension looks when `nnet.server.path` is not set, so `vsce package` ships it.
'use strict';
const fs = require('fs');
const path = require('path');

const target = path.resolve(__dirname, '..', '..', '..', 'compiler', 'target');
const jars = fs.existsSync(target)
  ? fs.readdirSync(target).filter((f) => /^nnet-compiler-.*\.jar$/.test(f) && !/-(sources|javadoc|tests)\.jar$/.test(f))
  : [];
if (jars.length !== 1 || !fs.existsSync(path.join(target, 'lib'))) {
  console.error(`bundle-server: expected one nnet-compiler jar and lib/ in ${target}; `
    + 'build it first with `mvn -q -DskipTests package` from the repository root');
  process.exit(1);
}
const server = path.resolve(__dirname, '..', 'server');
fs.rmSync(server, { recursive: true, force: true });
fs.mkdirSync(path.join(server, 'lib'), { recursive: true });
fs.copyFileSync(path.join(target, jars[0]), path.join(server, 'nnet-compiler.jar'));
for (const lib of fs.readdirSync(path.join(target, 'lib'))) {
  fs.copyFileSync(path.join(target, 'lib', lib), path.join(server, 'lib', lib));
}
console.log(`bundle-server: copied ${jars[0]} and ${fs.readdirSync(path.join(server, 'lib')).length} libraries to ${server}`);
