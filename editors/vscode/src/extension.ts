// Starts the nnet language server (`java -cp <jar>:<lib>/* dev.nnet.cli.Nnetc lsp`, LSP over stdio) for .nnet files.
import * as fs from 'fs';
import * as path from 'path';
import { ExtensionContext, window, workspace } from 'vscode';
import { Executable, LanguageClient, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const config = workspace.getConfiguration('nnet');
  const output = window.createOutputChannel('nnet');
  const classpath = serverClasspath(context, config.get<string>('server.path', ''));
  if (classpath === undefined) {
    const message = 'nnet: no language server found. Set `nnet.server.path` to the nnet-compiler jar built by '
      + '`mvn package` (compiler/target/nnet-compiler-*.jar), or bundle it with `npm run bundle-server`.';
    output.appendLine(message);
    void window.showErrorMessage(message);
    return;
  }
  const run: Executable = {
    command: javaExecutable(config.get<string>('server.java', '')),
    args: [...config.get<string[]>('server.jvmArgs', []), '-cp', classpath, 'dev.nnet.cli.Nnetc', 'lsp'],
  };
  const serverOptions: ServerOptions = { run, debug: run };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'nnet' },
      { scheme: 'untitled', language: 'nnet' },
    ],
    initializationOptions: { debounceMs: config.get<number>('server.debounceMs', 25) },
    outputChannel: output,
  };
  output.appendLine(`nnet: starting ${run.command} ${(run.args ?? []).join(' ')}`);
  client = new LanguageClient('nnet', 'nnet', serverOptions, clientOptions);
  await client.start();
  context.subscriptions.push({ dispose: () => void client?.stop() });
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

/**
 * The server's class path: the configured jar, or the one `npm run bundle-server` copied into `server/`, each with
 * the dependency jars in the `lib/` folder beside it (the layout `mvn package` leaves in compiler/target).
 */
function serverClasspath(context: ExtensionContext, configured: string): string | undefined {
  const candidates = configured !== ''
    ? [path.resolve(configured)]
    : [context.asAbsolutePath(path.join('server', 'nnet-compiler.jar'))];
  for (const jar of candidates) {
    if (fs.existsSync(jar) && fs.statSync(jar).isFile()) {
      return [jar, path.join(path.dirname(jar), 'lib', '*')].join(path.delimiter);
    }
  }
  return undefined;
}

function javaExecutable(configured: string): string {
  if (configured !== '') {
    return configured;
  }
  const javaHome = process.env['JAVA_HOME'];
  const name = process.platform === 'win32' ? 'java.exe' : 'java';
  if (javaHome && fs.existsSync(path.join(javaHome, 'bin', name))) {
    return path.join(javaHome, 'bin', name);
  }
  return 'java';
}
