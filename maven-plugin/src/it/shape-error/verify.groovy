// Every diagnostic of every file, one line each with the absolute path, then a count; no stack trace.
def log = new File(basedir, 'build.log').text
def src = new File(basedir, 'src/main/nnet').absolutePath
def expected = [
    "[ERROR] ${src}/lenet.nnet:15:14: error: linear `fc1` expects 256 input features, found 400 [E0201]",
    "[ERROR]   help: declare `fc1 = linear(400, 120)` on line 7",
    "[WARNING] ${src}/mlp.nnet:7:3: warning: layer `spare` is never used [W0301]",
    "[ERROR] ${src}/mlp.nnet:17:8: error: `mse` expects a target of shape [1, 3] for input [1, 3], found [1, 2] [E0208]",
    "[ERROR] nnet: 2 errors in 2 files, 1 warning",
].collect { it.toString() }
def lines = log.readLines()
expected.each { assert lines.contains(it) : "missing: ${it}" }
assert lines.indexOf(expected[0]) + 1 == lines.indexOf(expected[1]) : 'the help line follows its error'
assert lines.indexOf(expected[1]) < lines.indexOf(expected[2])
assert lines.indexOf(expected[3]) < lines.indexOf(expected[4])
assert log.contains("nnet-maven-plugin:${projectVersion}:generate (default) on project shape-error: nnet: 2 errors in 2 files, 1 warning -> [Help 1]")
assert !lines.any { it =~ /^\s+at [\w.$]+\(/ || it.contains('Caused by') || it =~ /Exception: / }
// Nothing was generated for a file with errors.
assert !new File(basedir, 'target/generated-sources/nnet/nnet/generated/Net.java').exists()
// Reported once: on the command line the plugin adds no BuildContext markers, which would print a second copy.
assert lines.count { it.contains('lenet.nnet') } == 1
