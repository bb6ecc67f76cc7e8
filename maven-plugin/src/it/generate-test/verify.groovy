// Generated into the test sources, compiled with the tests only, and used by them.
def target = new File(basedir, 'target')
assert new File(target, 'generated-test-sources/nnet/com/example/testnets/LinearModelTrainer.java').isFile()
assert new File(target, 'test-classes/com/example/testnets/LinearModelTrainer.class').isFile()
assert !new File(target, 'generated-sources/nnet').exists()
assert !new File(target, 'classes/com/example/testnets').exists()
def report = new File(target, 'surefire-reports/com.example.LinearModelTest.txt').text
assert report.contains('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0')
