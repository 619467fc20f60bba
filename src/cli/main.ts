/**
 * `oauth-workbench` — the CLI from the same core as the extension, for shells and CI:
 *
 *   oauth-workbench token | introspect | revoke | call <url> | explain | discover --client NAME
 *
 * Reads the same shared client file (`.vscode/oauth-clients.json`, or --file). Secrets come
 * from OAUTH_WORKBENCH_CLIENT_SECRET / OAUTH_WORKBENCH_PRIVATE_KEY / OAUTH_WORKBENCH_DPOP_KEY (or *_FILE), tokens from
 * --token-env / --token-file — never from arguments. Output is redacted unless
 * `token --print-token`; `--json` prints one JSON object; the exit code tells the failure
 * class (exit-codes.ts); findings are the extension's, in the same words.
 */
import { formatFindings, WorkbenchError } from '../core';
import { flag, parseArgs } from './args';
import { COMMANDS, type CliEnv } from './commands';
import { EXIT, exitCodeFor } from './exit-codes';
import type { Exchange } from '../core';

const USAGE = `Usage: oauth-workbench <command> --client NAME [options]

Commands:
  token       get a token (client_credentials); --print-token prints the raw access token alone
  introspect  introspect --token-env VAR | --token-file PATH (default: a new token of the client)
  revoke      revoke --token-env VAR | --token-file PATH
  call URL    call an API with a fresh token, Bearer or DPoP (--method GET|POST|…, --body-file PATH)
  explain     explain a curl command read from stdin (or --curl-file PATH), with --client's configuration
  discover    discovery metadata of the client's issuer, and drift from the client file

Options:
  --client NAME   file id, name or client_id in the client file
  --file PATH     client file (default .vscode/oauth-clients.json)
  --scope S       scope for token requests
  --json          one JSON object on stdout
Secrets: OAUTH_WORKBENCH_CLIENT_SECRET, OAUTH_WORKBENCH_PRIVATE_KEY, OAUTH_WORKBENCH_DPOP_KEY (or *_FILE) — never arguments.
Exit codes: 0 ok, 2 configuration, 3 network, 4 server refused, 5 bad response, 6 discovery, 7 inactive token / errors found.`;

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** Runs the CLI; resolves the exit code. */
export async function main(argv: readonly string[], e: CliEnv, io: Io): Promise<number> {
  let json = false;
  const exchanges: Exchange[] = [];
  try {
    const args = parseArgs(argv);
    json = flag(args, 'json');
    const run = args.command ? COMMANDS[args.command] : undefined;
    if (!run || flag(args, 'help')) {
      (run || flag(args, 'help') ? io.out : io.err)(USAGE);
      return run || flag(args, 'help') ? EXIT.ok : EXIT.config;
    }
    const r = await run(args, e, exchanges);
    if (r.raw !== undefined) io.out(r.raw);
    else if (json)
      io.out(
        JSON.stringify({
          ...r.summary,
          findings: r.findings.map((f) => ({ severity: f.severity, code: f.code, title: f.title, fix: f.fix })),
        }),
      );
    else {
      io.out(r.lines.join('\n'));
      if (r.findings.length > 0) io.out(formatFindings(r.findings));
    }
    return r.exitCode;
  } catch (err) {
    const code = err instanceof WorkbenchError ? err.code : 'INTERNAL';
    const message = err instanceof Error ? err.message : String(err);
    if (json) io.out(JSON.stringify({ ok: false, error: { code, message } }));
    else io.err(`oauth-workbench: ${message}`);
    return err instanceof WorkbenchError ? exitCodeFor(err.code) : EXIT.internal;
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

if (require.main === module) {
  void main(
    process.argv.slice(2),
    { env: process.env, cwd: process.cwd(), stdin: readStdin },
    {
      out: (t) => process.stdout.write(`${t}\n`),
      err: (t) => process.stderr.write(`${t}\n`),
    },
  ).then((code) => {
    process.exitCode = code;
  });
}
