// The prose sections of the man page that are not read from the specs: connections, formats, files, examples.
export const DESCRIPTION = `xenctl administers Xen pools (XenServer, XCP-ng) through the XenAPI, the management API that xe also uses. Every XenAPI class is a noun (vm, host, sr, vdi, network, ...); every class has the verbs list, get, set, create and destroy, plus one verb per message of the class in kebab-case (vm clean-shutdown, host evacuate). Hand-written commands add what operators need on top (vm clone with guest customisation, wait, event watch, bulk verbs with --where, call, serve).
The same program runs a reference XenAPI server (xenctl serve); with nothing configured, commands talk to an embedded demo pool kept in $XDG_DATA_HOME/xenctl/local, so every example below works on a fresh install.`;

export const SELECTORS = `An object (<obj>, and every option whose value is a reference) is named by its name-label, its uuid, a uuid prefix of at least 6 characters, or an OpaqueRef. No match exits 1; several matches exit 1 with the candidates listed, except on a terminal, where a choice list is offered.
Field names are the wire names with _ written as - (name-label, power-state, other-config:key=value); the wire spelling is accepted too. --where takes field=value, field!=value, map-field:key=value or set-field=member; several are ANDed; enum values match case-insensitively.`;

export const PROMPTS = `When stdin, stdout and stderr are all terminals, xenctl asks: for an HTTP(S) password when no password file is given, before destroy, hard-shutdown, hard-reboot and every bulk run (unless --yes; answering no exits 130), which object was meant when a selector matches several, and the questions of vm clone --customize. Anything piped or redirected never gets a question: a missing password fails (exit 4), an ambiguous selector lists the candidates (exit 1), destructive verbs run as asked.`;

export const URLS: ReadonlyArray<readonly [string, string]> = [
  ['http://HOST[:PORT]', 'XenAPI over HTTP; logs in with the user and a password (from --password-file, or a prompt on a terminal).'],
  ['https://HOST[:PORT]', 'XenAPI over HTTPS. An unknown certificate is offered for pinning on a terminal (xenctl trust HOST pins it ahead of time); --ca FILE trusts a CA, --insecure skips verification.'],
  ['unix:PATH', 'a local unix socket (xapi\'s is /var/lib/xcp/xapi); delegated login, no password.'],
  ['ssh://[USER@]HOST[:PORT][/SOCKET]', 'through ssh to the host\'s xapi socket (default /var/lib/xcp/xapi); with --remote-command CMD, runs CMD there (e.g. xenctl serve --stdio) and speaks XML-RPC on its stdio. No password.'],
  ['stdio:COMMAND', 'runs COMMAND locally and speaks XML-RPC documents on its stdin and stdout.'],
  ['local:[DIR]', 'the embedded reference server with its state in DIR (default $XDG_DATA_HOME/xenctl/local). The default when nothing is configured.'],
];

export const FORMATS_TEXT: ReadonlyArray<readonly [string, string]> = [
  ['table', 'the default: aligned columns with headers and colour on a terminal, sizes humanised; piped, tab-separated with a header line.'],
  ['json', 'a list prints a JSON array of records, get prints one record; wire field names, each record preceded by "ref"; exact integers.'],
  ['ndjson', 'one JSON record per line.'],
  ['yaml', 'the same data as json, as YAML.'],
  ['csv', 'a header row of field names, then one row per object.'],
  ['xml', 'an XML-RPC methodResponse whose Value holds the same data as json, encoded as xapi encodes it. With --dry-run, the methodCall documents the command would send.'],
  ['value', 'values only, tab-separated, one object per line.'],
  ['minimal', 'xe\'s: one line, comma-separated; uuids by default, or the single -c field.'],
];

export const ENVIRONMENT: ReadonlyArray<readonly [string, string]> = [
  ['XENCTL_URL', 'the server URL, as --url.'],
  ['XENCTL_USER', 'the user name, as --user.'],
  ['XENCTL_PASSWORD_FILE', 'the password file, as --password-file.'],
  ['XENCTL_CONTEXT', 'the saved context to use, as --context.'],
  ['SSL_CERT_FILE', 'a PEM bundle trusted for https:// with the bundled roots, in place of the distribution\'s bundle (as OpenSSL reads it); --ca FILE trusts that file instead.'],
  ['SSH_AUTH_SOCK', 'the ssh-agent that ssh:// URLs authenticate through.'],
  ['NO_COLOR', 'when set and not empty, no colour.'],
  ['FORCE_COLOR', 'colour even when not on a terminal (0 or false: never).'],
  ['XDG_CONFIG_HOME, XDG_DATA_HOME, XDG_CACHE_HOME', 'where the files below live (default ~/.config, ~/.local/share, ~/.cache).'],
];

export const PRECEDENCE = 'Precedence: options > environment > context > defaults.';

export const FILES: ReadonlyArray<readonly [string, string]> = [
  ['$XDG_CONFIG_HOME/xenctl/config.yaml', 'saved contexts (xenctl context add|use|list|show|remove).'],
  ['$XDG_CONFIG_HOME/xenctl/known_tls', 'pinned TLS certificate fingerprints (xenctl trust).'],
  ['$XDG_DATA_HOME/xenctl/local', 'state of the embedded local: server.'],
  ['$XDG_DATA_HOME/xenctl/server', 'default state directory of xenctl serve.'],
  ['STATE/users/UID.sock', 'while xenctl serve runs with --listen or --unix: the socket of each OS user of the pool (mode 0600), reached by xenctl serve --stdio run as that user.'],
  ['$XDG_CACHE_HOME/xenctl/complete', 'short-lived cache of object names for shell completion.'],
  ['$XDG_CACHE_HOME/xenctl/code-*.v8', 'V8 code cache of the program, for a faster start; safe to delete.'],
];

export const EXAMPLES: ReadonlyArray<readonly [string, string]> = [
  ['List the running VMs with two columns:', 'xenctl vm list --where power-state=running -c name-label,memory-static-max'],
  ['One field, bare, for a script:', 'xenctl vm get web01 power-state'],
  ['Start a VM and wait until it runs:', 'xenctl vm start mail01 && xenctl vm wait mail01 power-state=Running --timeout 60'],
  ['Shut down every running web server, two at a time, without a question:', "xenctl vm clean-shutdown --where power-state=running --where 'profile=web server' --multiple --parallel 2 --yes"],
  ['Show the calls a command would make, as XML-RPC, then replay them:', 'xenctl --dry-run -o xml vm set web01 name-description=frontend > calls.xml\nxenctl call --xml < calls.xml'],
  ['Clone a halted VM, giving the clone\'s guest its own host name:', 'xenctl vm clone web01 web03 --hostname web03'],
  ['Talk to a real host over HTTPS, then over ssh:', 'xenctl --url https://xcp1.example.org --password-file ~/.xen-pass vm list\nxenctl --url ssh://root@xcp1.example.org vm list'],
  ['Run the reference server and use it from another shell:', 'xenctl serve --listen 127.0.0.1:8080 --state /tmp/xen\nxenctl --url http://127.0.0.1:8080 --password-file /tmp/xen/root-password host list'],
];
