// The third build (second compile, nothing changed) rewrote no generated file and not the cache: each still has
// the bytes it had after the first build, and is older than its snapshot copy, which the second build wrote. javac
// found nothing stale.
def target = new File(basedir, 'target')
def generated = new File(target, 'generated-sources/nnet')
def snapshot = new File(target, 'snapshot')
def files = []
generated.eachFileRecurse(groovy.io.FileType.FILES) { files << it }
files << new File(target, 'nnet-maven-plugin/generate-default.cache')
assert files.collect { it.name }.sort() == ['LinearModel.java', 'LinearModelTrainer.java', 'Net.java',
                                           'generate-default.cache']
assert new File(generated, 'nnet/generated/vision/Net.java').isFile()
files.each { f ->
    def relative = f.name.endsWith('.cache') ? f.name : generated.toPath().relativize(f.toPath()).toString()
    def copy = new File(snapshot, relative)
    assert copy.isFile() : "no snapshot of ${relative}"
    assert copy.bytes == f.bytes
    assert f.lastModified() < copy.lastModified() : "${relative} was rewritten after the snapshot"
}
def log = new File(basedir, 'build.log').text
assert log.contains('nnet: compiled 0 of 2 files (2 up to date); Java files: 0 written, 0 unchanged, 0 removed')
assert log.contains('Nothing to compile - all classes are up to date')
