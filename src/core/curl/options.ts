/**
 * What parseCurl knows about curl's options: which ones it models, which it ignores
 * (with or without a value), which it notes, and the names of real curl options — the
 * only option text a warning may quote (SECURITY.md 20: an unknown "option" in a paste
 * is often a token that lost its quotes).
 */

/** Flags curl accepts without a value that do not change the request we model. */
export const IGNORED_SWITCHES: ReadonlySet<string> = new Set([
  '-L',
  '--location',
  '--location-trusted',
  '--compressed',
  '-s',
  '--silent',
  '-S',
  '--show-error',
  '-v',
  '--verbose',
  '-i',
  '--include',
  '-f',
  '--fail',
  '--fail-with-body',
  '-#',
  '--progress-bar',
  '-N',
  '--no-buffer',
  '--http1.0',
  '--http1.1',
  '--http2',
  '--http2-prior-knowledge',
  '--http3',
  '-4',
  '--ipv4',
  '-6',
  '--ipv6',
  '-g',
  '--globoff',
  '--no-progress-meter',
  '-0',
  '--tr-encoding',
  '--raw',
  '--no-keepalive',
  '--ssl-reqd',
  '--tlsv1.2',
  '--tlsv1.3',
  '-q',
  '--disable',
  '-O',
  '--remote-name',
  '-J',
  '--remote-header-name',
  '--path-as-is',
  '--no-sessionid',
  '--styled-output',
]);

/** Flags with a value that do not change the request we model. */
export const IGNORED_WITH_VALUE: ReadonlySet<string> = new Set([
  '-o',
  '--output',
  '-w',
  '--write-out',
  '--connect-timeout',
  '-m',
  '--max-time',
  '--retry',
  '--retry-delay',
  '--retry-max-time',
  '--max-redirs',
  '-D',
  '--dump-header',
  '-c',
  '--cookie-jar',
  '--trace',
  '--trace-ascii',
  '--limit-rate',
  '--resolve',
  '--connect-to',
  '--interface',
  '--cacert',
  '--capath',
  '--stderr',
  '-Y',
  '--speed-limit',
  '-y',
  '--speed-time',
  '-z',
  '--time-cond',
  '--keepalive-time',
  '--dns-servers',
  '--local-port',
  '-r',
  '--range',
  '-C',
  '--continue-at',
]);

/** Flags with a value that matter for authentication but that we cannot model. */
export const NOTED_WITH_VALUE: Readonly<Record<string, string>> = {
  '-E': 'client certificate (mutual TLS) is not modelled',
  '--cert': 'client certificate (mutual TLS) is not modelled',
  '--key': 'client certificate key (mutual TLS) is not modelled',
  '--cert-type': 'client certificate type is not modelled',
  '--key-type': 'client certificate key type is not modelled',
  '--pass': 'key passphrase is not modelled',
  '-x': 'proxy is not modelled; the diagnosis assumes a direct connection',
  '--proxy': 'proxy is not modelled; the diagnosis assumes a direct connection',
  '-U': 'proxy credentials are not modelled',
  '--proxy-user': 'proxy credentials are not modelled',
  '-T': 'an uploaded file is not modelled',
  '--upload-file': 'an uploaded file is not modelled',
  '-K': 'a curl config file cannot be read here',
  '--config': 'a curl config file cannot be read here',
};

export const NOTED_SWITCHES: Readonly<Record<string, string>> = {
  '-k': 'TLS certificate verification was switched off (-k); the extension never does that',
  '--insecure': 'TLS certificate verification was switched off (--insecure); the extension never does that',
  '--digest': 'HTTP Digest authentication is not OAuth client authentication',
  '--ntlm': 'NTLM authentication is not OAuth client authentication',
  '--negotiate': 'Negotiate authentication is not OAuth client authentication',
};

/** Real curl options parseCurl does not model: the only unknown option names a warning may quote. */
const OTHER_CURL_OPTIONS: ReadonlySet<string> = new Set(
  (
    '--abstract-unix-socket --alt-svc --anyauth --append --aws-sigv4 --cert-status --ciphers --create-dirs --create-file-mode ' +
    '--crlf --crlfile --curves --delegation --dns-interface --dns-ipv4-addr --dns-ipv6-addr --doh-url --doh-insecure ' +
    '--egd-file --engine --etag-compare --etag-save --expect100-timeout --fail-early --false-start --form-escape ' +
    '--happy-eyeballs-timeout-ms --haproxy-protocol --haproxy-clientip --hsts --http0.9 --ignore-content-length ' +
    '--ipfs-gateway --junk-session-cookies --krb --libcurl --list-only --login-options --manual --max-filesize ' +
    '--metalink --netrc --netrc-file --netrc-optional --next --no-alpn --no-npn --noproxy --output-dir --parallel ' +
    '--parallel-immediate --parallel-max --pinnedpubkey --post301 --post302 --post303 --preproxy --proto ' +
    '--proto-default --proto-redir --proxy-anyauth --proxy-basic --proxy-cacert --proxy-capath --proxy-cert ' +
    '--proxy-cert-type --proxy-ciphers --proxy-digest --proxy-header --proxy-insecure --proxy-key --proxy-key-type ' +
    '--proxy-negotiate --proxy-ntlm --proxy-pass --proxy-pinnedpubkey --proxy-service-name --proxy-ssl-allow-beast ' +
    '--proxy-tlsv1 --proxytunnel --pubkey --quote --random-file --remote-name-all --remote-time --remove-on-error ' +
    '--request-target --retry-all-errors --retry-connrefused --sasl-authzid --sasl-ir --service-name --show-headers ' +
    '--socks4 --socks4a --socks5 --socks5-hostname --socks5-gssapi --ssl --ssl-allow-beast --ssl-auto-client-cert ' +
    '--ssl-no-revoke --ssl-revoke-best-effort --sslv2 --sslv3 --suppress-connect-headers --tcp-fastopen --tcp-nodelay ' +
    '--telnet-option --tftp-blksize --tftp-no-options --tls-max --tls13-ciphers --tlsauthtype --tlspassword --tlsuser ' +
    '--tlsv1 --tlsv1.0 --tlsv1.1 --trace-config --trace-ids --trace-time --unix-socket --url-query --variable ' +
    '--version --xattr --expand-url --expand-data --expand-header --mail-from --mail-rcpt --mail-auth --ftp-pasv ' +
    '--ftp-port --ftp-ssl --ftp-create-dirs --ftp-method --disable-eprt --disable-epsv --keepalive --no-clobber ' +
    '-a -B -G -h -j -l -M -n -p -P -Q -R -t -V -Z -z -3 -2 -1'
  ).split(' '),
);

/** Options parse-curl.ts models. */
const MODELLED: ReadonlySet<string> = new Set(
  (
    '-X --request -H --header -A --user-agent -e --referer --url -G --get -I --head -d --data --data-ascii --data-binary ' +
    '--data-raw --data-urlencode --json -F --form --form-string -u --user --oauth2-bearer -b --cookie --basic'
  ).split(' '),
);

/** True for a real curl option name (modelled or not): safe to quote in a warning. */
export function isCurlOption(name: string): boolean {
  return (
    MODELLED.has(name) ||
    OTHER_CURL_OPTIONS.has(name) ||
    IGNORED_SWITCHES.has(name) ||
    IGNORED_WITH_VALUE.has(name) ||
    name in NOTED_WITH_VALUE ||
    name in NOTED_SWITCHES
  );
}

/** Short flags that take a value (for clusters such as `-sX POST` or `-XPOST`). */
export const SHORT_WITH_VALUE: ReadonlySet<string> = new Set('XHdFuAebowmDcEKxUYyzrCT'.split(''));

/** The longest run of flags in one cluster (`-sSLv…`); longer is not a command a person wrote. */
export const MAX_CLUSTER_FLAGS = 64;

/** Other HTTP tools whose name may be echoed back when the text is not a curl command. */
export const KNOWN_TOOLS: ReadonlySet<string> = new Set([
  'wget',
  'http',
  'https',
  'httpie',
  'xh',
  'fetch',
  'invoke-webrequest',
  'invoke-restmethod',
  'iwr',
  'irm',
  'aria2c',
  'node',
  'python',
  'python3',
]);

/** HTTP methods -X may set (RFC 9110, PATCH, QUERY); anything else is not echoed. */
export const HTTP_METHODS: ReadonlySet<string> = new Set([
  'GET',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'HEAD',
  'OPTIONS',
  'TRACE',
  'CONNECT',
  'QUERY',
]);
