// The directory 'two words' becomes the package segment two_words; javac compiled what was generated there.
assert basedir.name == 'path with spaces'
def log = new File(basedir, 'build.log').text
assert log.contains("Java files: 2 written, 0 unchanged, 0 removed, in ${new File(basedir, 'target/generated sources').absolutePath}")
def generated = new File(basedir, 'target/generated sources/nnet/generated/two_words/LinearModelTrainer.java')
assert generated.text.contains('from {@code linear regression.nnet}')
assert new File(basedir, 'target/classes/nnet/generated/two_words/LinearModelTrainer.class').isFile()
