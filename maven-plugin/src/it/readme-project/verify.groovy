// The README's pom, verbatim, built a user project with one nnet dependency: generated, compiled, ran the example.
def log = new File(basedir, 'build.log').text
assert log.contains('nnet: compiled 1 of 1 file')
assert new File(basedir, 'target/classes/com/example/Example.class').isFile()
def report = new File(basedir, 'target/surefire-reports/com.example.ExampleTest.txt').text
assert report.contains('Tests run: 2, Failures: 0, Errors: 0, Skipped: 0')
assert new File(basedir, 'target/linear.safetensors').isFile()
