// The plugin checked and generated, javac compiled the generated classes with the user's, and the test trained.
def log = new File(basedir, 'build.log').text
assert log.contains('nnet: checked 1 file')
assert log.contains('nnet: compiled 1 of 1 file (0 up to date); Java files: 2 written, 0 unchanged, 0 removed')
def generated = new File(basedir, 'target/generated-sources/nnet/com/example/nets')
assert new File(generated, 'LinearModel.java').text.startsWith('package com.example.nets;')
assert new File(generated, 'LinearModelTrainer.java').isFile()
assert new File(basedir, 'target/classes/com/example/nets/LinearModelTrainer.class').isFile()
assert new File(basedir, 'target/classes/com/example/Predictor.class').isFile()
def report = new File(basedir, 'target/surefire-reports/com.example.TrainAndPredictTest.txt').text
assert report.contains('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0')
assert log.contains('Epoch 1000/1000')
