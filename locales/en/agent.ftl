# English catalogue of the agent. One message per id; the French catalogue (locales/fr/agent.ftl)
# has the same ids with the same placeholders (tests/i18n.rs checks it).

## Help (--help), man pages and completions: generated from the doc comments of src/cli/
## (cargo test --lib dump_help_entries -- --ignored); the doc comments stay the source.

help-heading-usage = Usage
help-heading-commands = Commands
help-heading-options = Options
help-heading-arguments = Arguments
help-flag-help = Print help
help-flag-version = Print version
help-subcommand-help = Print this message or the help of the given subcommand(s)
help-env = [env: { $name }={ $value }]
help-default = [default: { $value }]
help-possible-values = [possible values: { $values }]
help-possible-values-heading = Possible values:

help-agent = CPx smart-card certificate enrollment agent for the IGC Santé ORG certificates of the DMP
help-agent-long =
    CPx smart-card certificate enrollment agent for the IGC Santé ORG certificates of the DMP.

    The technical administrator of a pharmacy or practice uses it, with a CPS, CPE or CPA card, to order the structure's ORG AUTH_CLI and ORG SIGN certificates, install them, and keep them from expiring.
help-agent--home = Where the agent keeps its state and certificate store [default: /var/lib/agent for root, $XDG_DATA_HOME/agent otherwise]
help-agent--config = Configuration file (TOML) [default: /etc/agent/config.toml for root, $XDG_CONFIG_HOME/agent/config.toml otherwise]
help-agent--pkcs11-module = PKCS#11 module of the card middleware [default: the Cryptolib CPS module, then modules registered with p11-kit]
help-agent--token = The card's token: its label, or an RFC 7512 URI such as "pkcs11:token=CPS%20..."
help-agent--pin-file = Read the card PIN from the first line of this file (mode 0600: a file group or others can access is refused). Without --pin-file or --pin-fd the PIN is asked on the terminal, without echo; it is never accepted on the command line. It is the card's PIN only: a key store token has its own (pin-source= in its URI, or [key_store] pin_file)
help-agent--pin-fd = Read the card PIN from this inherited file descriptor (e.g. --pin-fd 3 3<pinfile): up to the first newline, once per run; the descriptor is not closed
help-agent--lang = Language of messages and help: fr or en [default: AGENT_LANG, else the locale (LC_ALL, LC_MESSAGES, LANG), else en]. What scripts read (JSON, metrics, exit codes) is the same in every language
help-agent--lang--en = English
help-agent--lang--fr = French
help-agent-card = The CPx card: readers, token, PIN state, holder identity, login check
help-agent-card-status = Readers and cards (ATR, model), the middleware (identity, slots), the token (label, serial, PIN state) and the holder identity, with what a failure most likely means; no PIN is needed
help-agent-card-status--wait = Wait up to SECS seconds for a card to be inserted
help-agent-card-status--json = Print one JSON object instead of text (always, also when the exit is not 0: it then has an "error" member with the code and message)
help-agent-card-login = Check the PIN against the card, once. Refuses to spend the final try unless --allow-final-try; never retries
help-agent-card-login--allow-final-try = Allow the login even when only one PIN try is left (a wrong PIN then locks the card)
help-agent-card-login--json = Print one JSON object instead of text
help-agent-lookup = A practitioner's activities in the annuaire CPS (LDAP) and the identifier each one orders its certificates with (FINESS, SIRET or RPPS rang)
help-agent-lookup--rpps = The practitioner's RPPS (11 digits, without the type digit 8)
help-agent-lookup--from-card = Take the RPPS from the inserted CPS card (holder certificate; no PIN needed)
help-agent-lookup--branch = Directory branch: test (o=TEST,c=fr) or prod (o=GIP-CPS,c=fr) [default: [annuaire] branch, else test]
help-agent-lookup--branch--test = Test identities: `o=TEST,c=fr`
help-agent-lookup--branch--prod = Production identities: `o=GIP-CPS,c=fr`
help-agent-lookup--ldap-url = LDAP URL of the annuaire CPS [default: [annuaire] url, else ldap://annuaire.gip-cps.fr:389]
help-agent-lookup--connect-timeout = Connection timeout, e.g. 10s [default: [annuaire] connect_timeout, else 10s]
help-agent-lookup--search-timeout = Search timeout, e.g. 30s [default: [annuaire] search_timeout, else 30s]
help-agent-lookup--allow-test-ids = Accept identifiers that break the length or check-key rules (test data), with a warning. On by default in the test branch; in the prod branch such entries are reported as malformed unless this is given
help-agent-lookup--json = Print one JSON array instead of a table
help-agent-form413 = Prepare form 413 (PDF and JSON) that habilitates the technical administrator to order the structure's ORG certificates
help-agent-form413--input = TOML input with the form's data (see docs/form413.example.toml); flags add to it and override its single values
help-agent-form413--structures = A structure by national id (1 + FINESS géographique, 3 + SIRET, 4 + RPPS rang), with its raison sociale after "=": --structure "1920008059=PHARMACIE DES ÉCOLES" (repeatable)
help-agent-form413--raison-sociale = Raison sociale of the --structure values given without one
help-agent-form413--rpps = Take the structures from the annuaire CPS: the eligible activities of this practitioner
help-agent-form413--ou = With --rpps: keep only these activities (their ou, as `agent lookup` prints it) (repeatable)
help-agent-form413--branch = Directory branch: test (o=TEST,c=fr) or prod (o=GIP-CPS,c=fr) [default: [annuaire] branch, else test]
help-agent-form413--branch--test = Test identities: `o=TEST,c=fr`
help-agent-form413--branch--prod = Production identities: `o=GIP-CPS,c=fr`
help-agent-form413--ldap-url = LDAP URL of the annuaire CPS [default: [annuaire] url, else ldap://annuaire.gip-cps.fr:389]
help-agent-form413--connect-timeout = Connection timeout, e.g. 10s [default: [annuaire] connect_timeout, else 10s]
help-agent-form413--search-timeout = Search timeout, e.g. 30s [default: [annuaire] search_timeout, else 30s]
help-agent-form413--allow-test-ids = Accept identifiers that break the length or check-key rules (test data), with a warning. On by default in the test branch; in the prod branch such entries are reported as malformed unless this is given
help-agent-form413--rep-qualite = 3.2: the signatory is the responsable légal or a mandataire
help-agent-form413--rep-qualite--responsable-legal = Responsable légal of the structure
help-agent-form413--rep-qualite--mandataire = Mandataire of the legal representative
help-agent-form413--rep-nom = 3.2: nom of the legal representative
help-agent-form413--rep-prenom = 3.2: prénom(s)
help-agent-form413--rep-telephone = 3.2: téléphone
help-agent-form413--rep-email = 3.2: e-mail professionnel
help-agent-form413--rep-carte = 3.2: N° de carte (CPS, 10 digits)
help-agent-form413--admins = 4.1: a technical administrator, as "carte=2100000123;nom=MARTIN;prenom=Paul;telephone=06 12 34 56 78;email=p.martin@editeur.example" (repeatable)
help-agent-form413--admin-from-card = 4.1: add the holder of the inserted card (card number, nom, prénom from the card; give --admin-telephone and --admin-email)
help-agent-form413--admin-telephone = Téléphone of the --admin-from-card administrator
help-agent-form413--admin-email = E-mail professionnel of the --admin-from-card administrator
help-agent-form413--editeur = 4.2: éditeur de la solution
help-agent-form413--solution = 4.2: solution utilisée (its name)
help-agent-form413--solution-version = 4.2: version of the solution deployed
help-agent-form413--out = Directory to write form413-N.pdf and form413-N.json into (created)
help-agent-form413--json = Print a JSON summary (files, where to send them) instead of text
help-agent-csr = New key pairs and ORG certificate requests (AUTH_CLI, SIGN) for one structure, with the portal steps to order them; --show FILE prints a request or certificate
help-agent-csr--show = Print a CSR or certificate (PEM or DER) in human terms and check it against the ORG profile, instead of making new ones (same as `agent inspect FILE`)
help-agent-csr--structure = National structure id: type digit + identifier, as `agent lookup` prints it (ou), e.g. 1<FINESS>, 3<SIRET>, 4<RPPS rang>
help-agent-csr--name = Raison sociale (subject O), as the directory or form 413 has it; at most 64 characters
help-agent-csr--rpps = Without --name: take the raison sociale (and the département, from the postal address) from the annuaire CPS activities of this practitioner (RPPS, 11 digits). An RPPS rang structure names its practitioner itself
help-agent-csr--dept = Département for ST: 01-95, 2A, 2B, 971-976
help-agent-csr--postal-code = The structure's postal code, to derive the département (ST)
help-agent-csr--usage = Usages to prepare, comma-separated: auth_cli, sign, conf
help-agent-csr--conf-service = Service applicatif (CN) for conf, which the DMP procedure does not name
help-agent-csr--key-store = Where the keys are made: "software" (PKCS#8 files in the pending area) or the RFC 7512 URI of a PKCS#11 token (an HSM, a SoftHSM token; never the CPx card), e.g. "pkcs11:token=ORG%20KEYS?module-path=/usr/lib/softhsm/libsofthsm2.so&pin-source=file:/etc/agent/hsm.pin"
help-agent-csr--key-type = Key algorithm: rsa2048 (what IGC Santé issues ORG certificates for), rsa3072, rsa4096, p256
help-agent-csr--out = Also write the requests into DIR (the pending area always keeps a copy)
help-agent-csr--replace = Set aside an existing pending order for this structure (kept under pending/.replaced/)
help-agent-csr--allow-test-ids = Accept a test identifier (the directory's test branch) that breaks a length or check-key rule, with a warning [config: annuaire.allow_test_ids]
help-agent-csr--allow-final-try = Allow the key store token login even when only one PIN try is left
help-agent-csr--json = Print the order as JSON instead of the portal steps
help-agent-inspect = Print a CSR or certificate in human terms and check it against the ORG profile (exit 40 when it does not fit)
help-agent-inspect--file = The CSR or certificate (PEM or DER)
help-agent-inspect--json = Print one JSON object instead of text
help-agent-inspect--trust-anchor = A PEM file of trust anchors for this run; repeatable. Adds to the built-in IGC Santé roots and to pki.trust_anchors from the configuration
help-agent-inspect--test-pki = Accept TEST certificate authorities (test platform only): the built-in TEST IGC Santé root, and TEST anchors given with --trust-anchor; also pki.test_pki
help-agent-inspect--no-builtin-anchors = Do not use the IGC Santé roots built into the agent: only --trust-anchor and pki.trust_anchors (also pki.builtin_anchors = false)
help-agent-import = Check what the platform issued (PEM, DER, PKCS#7 or PKCS#12) against the pending order and install it in the store; nothing is installed unless every check passes
help-agent-import--files = Files delivered by the platform: PEM, DER, PKCS#7 (.p7b/.p7c) or PKCS#12 (.p12/.pfx); one file may hold the certificate and its chain
help-agent-import--structure = Refuse certificates for any other structure (national structure id)
help-agent-import--p12-password-file = Read the PKCS#12 password from this file (else it is asked on the terminal)
help-agent-import--trust-anchor = A PEM file of trust anchors for this run; repeatable. Adds to the built-in IGC Santé roots and to pki.trust_anchors from the configuration
help-agent-import--test-pki = Accept TEST certificate authorities (test platform only): the built-in TEST IGC Santé root, and TEST anchors given with --trust-anchor; also pki.test_pki
help-agent-import--no-builtin-anchors = Do not use the IGC Santé roots built into the agent: only --trust-anchor and pki.trust_anchors (also pki.builtin_anchors = false)
help-agent-import--p12-legacy = Write PKCS#12 bundles with legacy 3DES/SHA-1 encryption, for old DMP software
help-agent-import--nss-db = Also import into this NSS database (e.g. sql:/etc/pki/nssdb)
help-agent-import--export-dir = Also copy the live files into DIR/<structure>/<usage>/ for the DMP software
help-agent-import--export-owner = Owner of the exported files, for DMP software running as another user (user name or uid; the agent must run as root to give files away). Default: the agent's user
help-agent-import--export-group = Group of the exported files (name or gid). Default: the agent's group
help-agent-import--export-mode = Mode of the exported files: 0600 (default) or 0640 (group may read); their directories get the matching search bits (0700, 0750)
help-agent-import--adopt = Bring an existing IGC Santé ORG certificate under management although its key was not made by this agent (give its PKCS#12, or the certificate with --key) and its CN is not the procedure's service applicatif (a warning; the next `agent renew` orders with the mandatory name). Chain, validity and usage checks still apply; INSi certificates are refused
help-agent-import--key = The private key (PKCS#8 PEM, unencrypted) of a certificate delivered without it
help-agent-import--usage = The usage the certificates are for (auth_cli, sign, conf): refuse any whose keyUsage and extendedKeyUsage say another (without it, each one's usage is read from them)
help-agent-import--allow-test-ids = Accept identifiers of the test platform (letters, lengths and check keys that break the real rules) in the OU, with a warning [config: annuaire.allow_test_ids]
help-agent-import--json = Print a JSON array of what was installed
help-agent-enroll = Order and install a structure's ORG certificates in one command: card login, keys, requests, EST over TLS authenticated by the card, checks, install (--portal: stop after the requests)
help-agent-enroll--structures = National structure id (type digit + identifier); repeat for several structures
help-agent-enroll--structures-file = A file of structures, one per line: `ID;RAISON SOCIALE;DEPT` (DEPT optional, # comments)
help-agent-enroll--name = Raison sociale (subject O) when one structure is given
help-agent-enroll--dept = Département for ST (01-95, 2A, 2B, 971-976) when one structure is given
help-agent-enroll--postal-code = The structure's postal code, to derive the département
help-agent-enroll--usage = Usages to order: auth_cli, sign (conf)
help-agent-enroll--key-store = Where to make the keys: "software" or a pkcs11: URI naming a token (never the CPx card)
help-agent-enroll--portal = Stop after the requests, with the portal instructions (the default without an EST URL)
help-agent-enroll--resume = Only pick up orders already started (pending at the platform, or fetched but not installed)
help-agent-enroll--allow-test-ids = Accept identifiers of the directory's test branch that break the real rules
help-agent-enroll--est-url = EST base URL of the certificate platform (e.g. https://pfc.example/.well-known/est); also [platform] est_url. Without one, the portal path is used
help-agent-enroll--est-ca = PEM roots for the platform's TLS server certificate (repeatable); also [platform] est_ca. The server certificate is always verified
help-agent-enroll--wait = Wait up to SECS seconds for the card to be inserted (needs pcscd)
help-agent-enroll--allow-final-try = Allow the login even when only one PIN try is left
help-agent-enroll--trust-anchor = A PEM file of trust anchors for this run; repeatable. Adds to the built-in IGC Santé roots and to pki.trust_anchors from the configuration
help-agent-enroll--test-pki = Accept TEST certificate authorities (test platform only): the built-in TEST IGC Santé root, and TEST anchors given with --trust-anchor; also pki.test_pki
help-agent-enroll--no-builtin-anchors = Do not use the IGC Santé roots built into the agent: only --trust-anchor and pki.trust_anchors (also pki.builtin_anchors = false)
help-agent-enroll--p12-legacy = Write PKCS#12 bundles with legacy 3DES/SHA-1 encryption, for old DMP software
help-agent-enroll--nss-db = Also import into this NSS database (e.g. sql:/etc/pki/nssdb)
help-agent-enroll--export-dir = Also copy the live files into DIR/<structure>/<usage>/ for the DMP software
help-agent-enroll--export-owner = Owner of the exported files, for DMP software running as another user (user name or uid; the agent must run as root to give files away). Default: the agent's user
help-agent-enroll--export-group = Group of the exported files (name or gid). Default: the agent's group
help-agent-enroll--export-mode = Mode of the exported files: 0600 (default) or 0640 (group may read); their directories get the matching search bits (0700, 0750)
help-agent-enroll--json = Print a JSON array of outcomes
help-agent-renew = Renew what expires within the window (default 60 days): new keys and requests, EST re-enrollment or a portal order, install; for scripts and timers
help-agent-renew--within = Renew what expires within this duration (e.g. 30d) [default: [renew] within, else 60d]
help-agent-renew--structures = Only these structures (repeatable)
help-agent-renew--dry-run = Print the plan (certificates, key stores, platform, hooks) and change nothing
help-agent-renew--deploy-hook = Command run after each successful install (also [renew] deploy_hook); it gets AGENT_STRUCTURE, AGENT_USAGE, AGENT_LIVE (= RENEWED_LINEAGE), AGENT_CERT, AGENT_KEY, AGENT_FULLCHAIN, AGENT_CHAIN, AGENT_P12, AGENT_SERIAL, AGENT_NOT_AFTER
help-agent-renew--est-url = EST base URL of the certificate platform (e.g. https://pfc.example/.well-known/est); also [platform] est_url. Without one, the portal path is used
help-agent-renew--est-ca = PEM roots for the platform's TLS server certificate (repeatable); also [platform] est_ca. The server certificate is always verified
help-agent-renew--wait = Wait up to SECS seconds for the card to be inserted (needs pcscd)
help-agent-renew--allow-final-try = Allow the login even when only one PIN try is left
help-agent-renew--trust-anchor = A PEM file of trust anchors for this run; repeatable. Adds to the built-in IGC Santé roots and to pki.trust_anchors from the configuration
help-agent-renew--test-pki = Accept TEST certificate authorities (test platform only): the built-in TEST IGC Santé root, and TEST anchors given with --trust-anchor; also pki.test_pki
help-agent-renew--no-builtin-anchors = Do not use the IGC Santé roots built into the agent: only --trust-anchor and pki.trust_anchors (also pki.builtin_anchors = false)
help-agent-renew--p12-legacy = Write PKCS#12 bundles with legacy 3DES/SHA-1 encryption, for old DMP software
help-agent-renew--nss-db = Also import into this NSS database (e.g. sql:/etc/pki/nssdb)
help-agent-renew--export-dir = Also copy the live files into DIR/<structure>/<usage>/ for the DMP software
help-agent-renew--export-owner = Owner of the exported files, for DMP software running as another user (user name or uid; the agent must run as root to give files away). Default: the agent's user
help-agent-renew--export-group = Group of the exported files (name or gid). Default: the agent's group
help-agent-renew--export-mode = Mode of the exported files: 0600 (default) or 0640 (group may read); their directories get the matching search bits (0700, 0750)
help-agent-renew--json = Print a JSON summary
help-agent-check = Test the DMP connection: the TLS handshake with the installed AUTH_CLI certificate
help-agent-check--url = The https URL to connect to (e.g. the DMP service's endpoint)
help-agent-check--structure = The structure whose AUTH_CLI certificate to use (needed when several are installed)
help-agent-check--ca-file = PEM roots for the server's certificate (repeatable; required)
help-agent-check--timeout = Give up after this many seconds
help-agent-check--json = Print one JSON object
help-agent-export = Re-export an installed certificate and its key as a PKCS#12 bundle
help-agent-export--structure = National structure id
help-agent-export--usage = Usage: auth_cli, sign or conf
help-agent-export--p12 = Write a PKCS#12 bundle (key + certificate + chain) to this file (mode 0600)
help-agent-export--passphrase-file = Read the bundle's passphrase from this file (else the store's passphrase is used and its location printed)
help-agent-export--legacy = Legacy 3DES/SHA-1 encryption for old readers
help-agent-rollback = Switch a structure's certificate back to the previously installed version
help-agent-rollback--structure = National structure id
help-agent-rollback--usage = Usage: auth_cli, sign or conf
help-agent-status = Report the installed certificates: days left and state (ok, expiring, expired, invalid, missing, pending); exits 0/1/2/3 like a monitoring plugin
help-agent-status--expiring = Show only what expires within DURATION (e.g. 30d, 8w), expired and invalid certificates included; without a value, the configured window (status.window, 60d by default). The window also decides which certificates are `expiring`
help-agent-status--structure = Only this structure (national structure id); repeatable
help-agent-status--format = Output format
help-agent-status--format--table = A table for people
help-agent-status--format--json = One JSON array
help-agent-status--format--prometheus = Prometheus text exposition format
help-agent-status--json = Same as --format json
help-agent-status--prometheus-file = Also write the Prometheus metrics to FILE, atomically (for node_exporter's textfile collector: a FILE ending in .prom in its directory). Nothing is printed on stdout unless --format or --json is given
help-agent-status--trust-anchor = A PEM file of trust anchors for this run; repeatable. Adds to the built-in IGC Santé roots and to pki.trust_anchors from the configuration
help-agent-status--test-pki = Accept TEST certificate authorities (test platform only): the built-in TEST IGC Santé root, and TEST anchors given with --trust-anchor; also pki.test_pki
help-agent-status--no-builtin-anchors = Do not use the IGC Santé roots built into the agent: only --trust-anchor and pki.trust_anchors (also pki.builtin_anchors = false)
help-agent-notify = Send the alerts that are due (threshold crossed, expired, invalid, renewal failed) by e-mail, webhook or command as configured in [notify]; each alert once; exit 60 when a channel failed (the alert is kept and sent on the next run)
help-agent-notify--dry-run = Print what would be sent (new alerts and alerts kept from a failed run) and send nothing; nothing is remembered either
help-agent-notify--json = Print a JSON summary: {"{"}"checked", "dry_run", "alerts": [{"{"}alert, new, subject, deliveries, pending{"}"}], "kept"{"}"}
help-agent-notify--trust-anchor = A PEM file of trust anchors for this run; repeatable. Adds to the built-in IGC Santé roots and to pki.trust_anchors from the configuration
help-agent-notify--test-pki = Accept TEST certificate authorities (test platform only): the built-in TEST IGC Santé root, and TEST anchors given with --trust-anchor; also pki.test_pki
help-agent-notify--no-builtin-anchors = Do not use the IGC Santé roots built into the agent: only --trust-anchor and pki.trust_anchors (also pki.builtin_anchors = false)
help-agent-list = List what is installed in the store
help-agent-list--json = Print a JSON array
help-agent-completions = Print shell completions (bash, zsh, fish, elvish, powershell)
help-agent-completions--shell = The shell
help-agent-man = Write the man pages (agent.1 and one per command) into a directory
help-agent-man--out = The directory
man-section-name = Name
man-section-synopsis = Synopsis
man-section-description = Description
man-section-version = Version
man-section-extra = Extra
man-section-authors = Authors

## clap's parse errors (English: clap's own text is printed; these are kept for parity).
clap-error = error
clap-tip = tip
clap-more-info = For more information, try '--help'.
clap-unknown-argument = unexpected argument '{ $arg }' found
clap-tip-similar-arg = a similar argument exists: '{ $arg }'
clap-unknown-command = unrecognized subcommand '{ $command }'
clap-tip-similar-command = a similar subcommand exists: '{ $command }'
clap-tip-similar-value = a similar value exists: '{ $value }'
clap-missing-value = a value is required for '{ $arg }' but none was supplied
clap-invalid-value = invalid value '{ $value }' for '{ $arg }' (possible values: { $valid })
clap-value-validation = invalid value '{ $value }' for '{ $arg }': { $reason }
clap-missing-argument = the following required arguments were not provided: { $args }
clap-missing-command = a command is required
clap-conflict = the argument '{ $arg }' cannot be used with '{ $prior }'
clap-too-many-values = unexpected value '{ $value }' for '{ $arg }' found; no more were expected
clap-no-equals = equal sign is needed when assigning values to '{ $arg }'
clap-wrong-number-of-values = wrong number of values for '{ $arg }'
clap-used-twice = the argument '{ $arg }' cannot be used multiple times

## Errors (src/cli/report.rs). English: the same text as the library's Display.
error-line = agent: error: { $message }
word-none = none
word-none-loaded = none loaded
word-pin = PIN
word-passphrase = passphrase
word-password = password
word-the-terminal = the terminal
word-file-descriptor = file descriptor { $fd }
io-cannot-read = cannot read
io-cannot-write = cannot write
io-cannot-create-directory = cannot create directory
io-cannot-create = cannot create
io-cannot-remove = cannot remove
io-cannot-rename = cannot rename
io-cannot-render-man-page = cannot render man page
err-io = { $action } { $path }: { $reason }
err-no-pcsc = the smart-card service (pcscd) is not running or not reachable: start it (e.g. `systemctl start pcscd`) and try again
err-no-reader = no smart-card reader found: connect a reader (and check that pcscd sees it with `pcsc_scan`)
err-no-card = no card in the reader: insert the CPx card
err-no-card-in-reader = no card in the reader { $reader }: insert the CPx card
err-wait-timeout = no card was inserted within { $seconds } s: insert the CPx card and run the command again (or raise --wait)
err-unknown-card = the card in { $reader } (ATR { $atr }) is not a known CPx card (CPS3 or CPS4): insert the administrator's CPS, CPE or CPA card
err-pcsc = smart-card reader error: { $reason }
err-module-not-found = no PKCS#11 module found; tried: { $tried }. Install the Cryptolib CPS middleware or give --pkcs11-module PATH (AGENT_PKCS11_MODULE)
err-module-load = the PKCS#11 module { $path } could not be loaded: { $reason }
err-token-not-found = no card token matches { $wanted }; tokens present: { $present }. Check --token (a label or a pkcs11: URI) and that the card is inserted
err-card-not-readable = the { $model } card in { $reader } (ATR { $atr }) is seen by PC/SC, but the card middleware ({ $middleware }) shows no token for it: this middleware cannot read the card. Check that the Cryptolib CPS is installed and recent enough for this card (a CPS4 needs 5.2 or later); `agent card status` says more
err-ambiguous-token = several tokens are present ({ $labels }): choose one with --token LABEL or a pkcs11: URI
err-bad-uri = invalid PKCS#11 URI { $uri }: { $reason }
err-wrong-pin = wrong PIN: the card refused it. Nothing was retried; check the PIN before trying again
err-wrong-pin-tries = wrong PIN: the card refused it ({ $tries } { $tries ->
        [one] try
       *[other] tries
    } left before the card locks). Nothing was retried; check the PIN before trying again
err-pin-locked = the card's PIN is locked: it must be unlocked with the PUK (CPS cards: through the CPS management tool or the ANS); the agent will not try it
err-final-try = only one PIN try is left on this card: the agent does not spend it unless you add --allow-final-try (a wrong PIN would lock the card)
err-card-pkcs11 = card (PKCS#11) error during { $operation }: { $reason }
err-no-holder-certificate = the card holds no authentication certificate ("Certificat d'Authentification CPS"): is this a CPx card?
err-bad-holder-certificate = the card's authentication certificate cannot be read: { $reason }
err-no-pin-source = no PIN source: standard input is not a terminal; give --pin-file FILE or --pin-fd N (a PIN is never accepted on the command line)
err-secret-read = cannot read the { $what } from { $from }: { $reason }
err-secret-empty = the { $what } read from { $from } is empty
err-pin-file-open = the { $what } file { $path } is accessible by others (mode { $mode }): a { $what } file must be readable by its owner only, as ssh requires of private keys. Fix it with `chmod 600 { $path }`
err-key-store-attribute = the key store URI { $uri } has { $attributes }, which the agent does not use to choose a token: --key-store names the token the keys are made on (token=, serial=, manufacturer=, model=, slot-id=, slot-*, library-*), and each new key gets a label and an id of its own. Remove { $attributes }
err-secret-too-long = the first line of { $from } is longer than { $max } bytes: that is no { $what }; check the source (only the first line is used)
err-pin-malformed = the PIN read from { $from } is not 4 to 16 digits; check the file (only the first line is used)
err-config-read = cannot read the configuration file { $path }: { $reason }
err-config-parse = invalid configuration file { $path }: { $reason }
err-config-value = invalid configuration value for { $key }: { $reason }
err-ldap-bad-url = invalid directory URL { $url }: { $reason }; give an ldap:// or ldaps:// URL with --ldap-url or [annuaire] url
err-ldap-unreachable = the CPS directory { $url } cannot be reached: { $reason }. Check the network (port 389 open to the directory) or --ldap-url
err-ldap-connect-timeout = the CPS directory { $url } did not answer within { $timeout } (connection): check the network, or raise [annuaire] connect_timeout
err-ldap-search-timeout = the CPS directory { $url } did not finish the search within { $timeout } : try again later, or raise [annuaire] search_timeout
err-ldap-refused = the CPS directory { $url } refused the search under { $base }: { $reason } (LDAP result { $code })
err-ldap-no-entry = the CPS directory has no activity for RPPS { $rpps } under { $base } ({ $url }): check the RPPS, and the branch (--branch test for test cards, --branch prod for real ones)
err-ldap-too-large = the CPS directory { $url } answered more than the agent reads for one practitioner ({ $what }; limits in docs/security.md): is this the CPS directory?
err-runtime = cannot start the network runtime: { $reason }
err-key-unknown-algorithm = unknown key algorithm { $value }: use rsa2048 (the ORG default), rsa3072, rsa4096 or p256
err-key-generate = key generation failed ({ $reason }); this should not happen: check that the system's random source works
err-key-scheme = a { $algorithm } key cannot sign with { $scheme }
err-key-sign = signing failed: { $reason }
err-key-bad-file = { $path } is not a usable private key: { $reason }
err-key-cpx-token = the token { $label } holds a CPx card holder certificate ({ $kind }): the agent never creates the structure's keys on the administrator's own card. Give --key-store the URI of a token meant for keys (the structure's HSM, a SoftHSM token), or leave --key-store out to keep the keys in software
err-key-no-token-in-uri = the key store URI { $uri } names no token: add token=<label> (or serial=…), e.g. pkcs11:token=ORG%20KEYS
err-key-token-not-found = no token matches the key store URI { $wanted }; tokens present: { $present }. Check the token label in --key-store and the module (module-path=…)
err-key-no-mechanism = the token { $label } cannot { $what } (its PKCS#11 module offers no { $mechanism }): use a token with RSA key generation and SHA-256 signatures, or leave --key-store out to keep the keys in software
err-key-read-only = the token { $label } is write-protected: keys cannot be created on it
err-key-not-found = no private key matches { $key } on the token
err-key-pkcs11 = key store token (PKCS#11) error during { $operation }: { $reason }
err-key-no-pin-source = no PIN source for the key store token { $label }: add pin-source=file:/path/to/pin to the --key-store URI (e.g. pkcs11:token=…?pin-source=file:/etc/agent/hsm.pin) or set [key_store] pin_file; --pin-file and --pin-fd are the CPx card's PIN and are never sent to another token
err-key-bad-pin-source = pin-source { $value } of the key store URI is not a file: give pin-source=file:/absolute/path (a file of mode 0600 whose first line is the PIN)
err-key-wrong-pin = wrong PIN for the key store token { $label } (read from { $from }): the token refused it. Nothing was retried, and nothing more is done on that token in this run; check the key store's PIN file
err-key-pin-refused = the key store token { $label } refused its PIN earlier in this run: nothing more is tried on it; check the key store's PIN file
err-dept-unknown = { $value } is not a French département code: use 01 to 95, 2A or 2B for Corsica, or 971 to 976 overseas (e.g. --dept 75)
err-dept-corsica = Corsica has two départements since 1976: give --dept 2A (Corse-du-Sud) or --dept 2B (Haute-Corse), or the postal code
err-postal-code-shape = { $value } is not a French postal code (five digits, e.g. 75011)
err-postal-code-not-dept = postal code { $value } is not in a French département (98xxx is Monaco or a Pacific collectivity): give --dept explicitly if the structure is in France
err-postal-code-unknown = no département uses postal code { $value }: check it, or give --dept explicitly
err-dept-bad-state-name = { $value } is not of the form "<Département> (NN)" with a known département
err-id-length = invalid { $kind } { $value }: { $found } characters, a { $kind } has { $expected }
err-id-character = invalid { $kind } { $value }: character { $found } at position { $position } is not allowed ({ $allowed })
err-id-check-key = invalid { $kind } { $value }: wrong check key ({ $rule }); look for a mistyped or swapped digit
err-id-type-digit = invalid { $kind } { $value }: unknown identifier type { $digit } (expected { $expected })
id-rule-finess-length = 9 characters (department, 6 digits, key)
id-rule-9-digits = 9 digits
id-rule-siret-length = 14 digits (SIREN + NIC)
id-rule-11-digits = 11 digits
id-rule-rpps-rang-length = 14 digits (RPPS + 3-digit rang)
id-rule-9-characters = 9 characters
id-rule-adeli-rang-length = 11 characters (ADELI + 2-digit rang)
id-rule-10-digits = 10 digits
id-rule-type-and-id = a type digit and an identifier
id-rule-8-rpps-0-adeli = 8 RPPS, 0 ADELI
id-rule-digits-only = digits only
id-rule-department-digits = digits only, except 2A or 2B (Corsica) in front
id-rule-department-test-letter = digits only, except 2A or 2B (Corsica) in front; a letter there is the test platform's
id-rule-la-poste = La Poste: the sum of the digits must be a multiple of 5
id-rule-luhn-rpps = Luhn on the 11-digit RPPS part
id-kind-card-number = card number
id-kind-structure-id = national structure id
id-kind-person-id = national person id
err-cert-malformed = { $what } is not a valid X.509 certificate: { $reason }
err-cert-unknown-format = { $file }: not a certificate, PKCS#7 (.p7b/.p7c) or PKCS#12 (.p12/.pfx) file, in PEM or DER ({ $reason }); was the download complete?
err-p12-password = { $file }: cannot open the PKCS#12 file: wrong password, or the file is damaged
err-p12-too-many-keys = { $file }: the PKCS#12 file holds { $count } private keys; the agent installs one key per certificate: export each certificate with its key separately
err-cert-check = certificate { $serial } ({ $subject }): { $reason }
err-cert-chain = certificate { $serial } ({ $subject }): the chain does not verify up to a trusted IGC Santé root: { $reason }
err-no-trust-anchor = no trust anchor: the built-in IGC Santé roots are turned off (--no-builtin-anchors or pki.builtin_anchors = false) and none is configured; give --trust-anchor FILE (PEM) or set pki.trust_anchors, or use the built-in ones (see docs/install.md)
err-bad-trust-anchor = trust anchor { $file }: { $reason }
err-store-locked = the store { $root } is locked by another agent run (waited { $waited } s): wait for it to finish and try again
err-nothing-installed = nothing is installed for structure { $structure }, usage { $usage }
err-no-previous-version = structure { $structure }, usage { $usage }: there is no earlier version to roll back to
err-store-damaged = { $dir }: { $reason }
err-store-unreadable = cannot read the store { $path }: { $reason }; check --home (AGENT_HOME) and that this user may read it
err-nothing-to-check = nothing is installed or ordered in { $home }: nothing to check (is --home right? run `agent csr` and `agent import` first)
err-unknown-structure = structure { $structure }: nothing is installed or ordered for it in { $home }; check the identifier and --home
err-bad-structure = { $value } is not a national structure id
err-bad-window = invalid expiry window { $value }: { $reason } (use a duration such as 30d, 8w or 1440h)
err-notify-config = invalid configuration value for notify.{ $key }: { $reason }
err-notify-secret-file = { $path }: { $reason }
err-notify-state-damaged = the notification state { $path } is damaged: { $reason }; move it aside to start afresh (alerts already sent may then be sent again)
err-notify-locked = another agent run is updating { $path } (waited { $waited } s); try again later
err-form413-invalid =
    form 413 cannot be prepared, { $count } problem(s):
    { $problems }
err-form413-read = cannot read the form 413 input { $path }: { $reason }
err-form413-parse = invalid form 413 input { $path }: { $reason } (see docs/form413.example.toml)
err-form413-pdf = cannot render the form 413 PDF: { $reason }
err-pending-not-found = no pending order for structure { $structure } in { $dir }: run `agent csr` for it first
err-pending-exists = a pending order for structure { $structure } already exists ({ $dir }, created { $created }, usages { $usages }); its keys are needed to install the certificates issued for it. Install them first, or run again with --replace to set it aside (it is kept under pending/.replaced/) and start a new order
err-pending-corrupt = the pending order { $path } is damaged: { $reason }; move it aside and run `agent csr` again
err-unsafe-dir = refusing to work in { $path }: { $reason }. Anyone who can write there can plant a pending order that would be submitted with your card, or replace a key. Fix it with `{ $fix }`
err-csr-unknown-usage = unknown usage { $value }: use auth_cli, sign or conf (comma-separated, e.g. --usage auth_cli,sign)
err-csr-duplicate-usage = usage { $usage } is listed twice in --usage
err-csr-empty-name = the raison sociale (--name) is empty: give the structure's name as the directory or the form 413 has it
err-csr-name-too-long = the raison sociale (--name) has { $len } characters; IGC Santé subjects allow at most { $max } (X.520 organizationName): use the short form the structure registered
err-csr-control-character = the { $field } contains a control character (tab, newline…): give it on one line
err-csr-no-conf-service = the DMP procedure names no service applicatif for CONF (the DMP uses only AUTH_CLI and SIGN): give the name you will type on the portal with --conf-service NAME
err-csr-bad-service = the service applicatif { $value } is empty or longer than 64 characters
err-csr-build = cannot build the certificate request: { $reason }
err-csr-self-check = the request built for { $usage } does not fit the ORG profile ({ $reason }); nothing was written. Please report this
err-est-trust-anchors = cannot use the platform's trust anchors { $path }: { $reason }. Give the PEM file of the CA that issued the platform's TLS certificate ([platform] est_ca or --est-ca)
err-est-no-trust-anchors = no trust anchor is configured for the platform's TLS certificate: set [platform] est_ca (or --est-ca) to the PEM file of the CA that issued it; the agent never connects without verifying the server
err-est-client-credentials = cannot use the client certificate or key { $path }: { $reason }
err-est-card-key = the card cannot authenticate the TLS connection: { $reason }
err-est-bad-url = invalid platform URL { $url }: { $reason }. Give an https:// URL such as https://pfc.example/.well-known/est ([platform] est_url or --est-url)
err-est-tls-setup = the TLS client configuration cannot be built: { $reason }
err-est-server-not-trusted = the platform { $url } presented a TLS certificate that the configured trust anchors do not accept ({ $reason }); nothing was sent. Check [platform] est_ca (--est-ca) and the URL
err-est-client-rejected = the platform { $url } refused the client certificate during the TLS handshake ({ $reason }): the card (or certificate) is not accepted there; check that it is a valid, unexpired IGC Santé certificate
err-est-tls = TLS with the platform { $url } failed: { $reason }
err-est-unreachable = the platform { $url } could not be reached ({ $tries } { $tries ->
        [one] try
       *[other] tries
    }): { $reason }. Check the URL, the network (proxy, firewall) and try again later
err-est-timeout = the platform { $url } did not answer within { $timeout } ({ $tries } { $tries ->
        [one] try
       *[other] tries
    }). Try again later, or raise [platform] timeout
err-est-server-error = the platform { $url } answered HTTP { $status } ({ $tries } { $tries ->
        [one] try
       *[other] tries
    }): { $reason }. The platform is in trouble: try again later
err-est-not-habilitated = the platform refused the order (HTTP { $status }): the card is not habilitated for this structure. Platform's reason: { $reason }. The structure's legal representative must send form 413 naming this card's holder as technical administrator, and the ANS must confirm the habilitation by e-mail before ordering
err-est-refused = the platform refused the certificate request (HTTP 400): { $reason }
err-est-unexpected-status = the platform answered HTTP { $status } to { $url }: { $reason }. Check [platform] est_url (--est-url)
err-est-bad-response = the platform's answer from { $url } cannot be used: { $reason }
err-est-bad-csr = invalid certificate request: { $reason }
err-est-pending = the order is pending at the platform: run the command again in { $retry } or later

## agent card
card-pin-locked = LOCKED (unlock with the PUK)
card-pin-final-try = FINAL TRY ONLY (the agent will not use it without --allow-final-try)
card-pin-count-low = a wrong PIN was entered since the last login ({ $tries } tries left)
card-pin-ok = ok
card-readers = Readers:
card-readers-none = (none seen through PC/SC)
card-reader-present = { $reader }: card present, ATR { $atr }, model { $model }
card-reader-empty = { $reader }: no card
card-module-error = Module:  { $path }: { $reason }
card-module = Module:  { $description } { $version } by { $manufacturer } ({ $path }), { $count } slot(s)
card-module-slots = : { $slots }
card-slot-token = token { $label }
card-slot-no-token = no token
card-token = Token:   { $label } (serial { $serial })
card-pin = PIN:     { $state }
card-holder = Holder:  { $last } { $first }
card-holder-kind = {"  "}card kind    { $value }
card-holder-national-id = {"  "}national id  { $value }
card-holder-title = {"  "}title        { $value }
card-holder-card-number = {"  "}card number  { $value }
card-holder-expires = {"  "}certificate  expires { $value }
card-diagnosis = Diagnosis: { $text }
card-login-ok = PIN accepted by the card { $label }.
card-login-ok-holder = PIN accepted by the card { $label } for { $first } { $last } ({ $kind }).
prompt-card-pin = PIN of the CPx card (not echoed):{" "}

## agent status
status-nothing-expires = Nothing expires within { $days } days.
status-cannot-write = cannot write the report: { $reason }
status-no-trust-anchors = no trust anchors (built-in ones turned off, none configured): only the first link of each chain was checked (drop --no-builtin-anchors / pki.builtin_anchors = false, or give --trust-anchor, to verify up to an IGC Santé root)
status-window-days = { $n } days
status-window-hours = { $n } hours
status-summary = { $rows } row(s): { $states } (window { $window }).
status-summary-nothing = nothing
status-col-structure = STRUCTURE
status-col-raison-sociale = RAISON SOCIALE
status-col-usage = USAGE
status-col-cn = CN
status-col-serial = SERIAL
status-col-not-before = NOT BEFORE
status-col-not-after = NOT AFTER
status-col-days = DAYS
status-col-state = STATE
status-col-path = PATH
json-cannot-encode = cannot encode JSON: { $reason }
warning-line = agent: warning: { $message }

## agent lookup
word-unknown = unknown
lookup-card-not-cps = the inserted card is not a CPS holding an RPPS (card { $kind }, national id { $id }): insert the practitioner's CPS, or give --rpps
lookup-card-kind-unknown = of unknown kind
lookup-rpps-from-card = RPPS { $rpps } read from the card
lookup-usage-rpps = give --rpps RPPS or --from-card
lookup-decision-malformed = unreadable (malformed entry)
lookup-decision-order = { $kind }: orders with its { $id }, form 413 fields { $fields }
lookup-decision-order-find = { $kind }: orders with its { $id } (to be found), fields { $fields }
lookup-decision-excluded = { $kind }: excluded, follow { $procedure }
lookup-decision-out-of-procedure = { $kind }: outside the procedure
lookup-summary = Annuaire CPS { $url } ({ $base }), RPPS { $rpps }: { $count } { $count ->
        [one] activity
       *[other] activities
    }
lookup-col-ou = ou
lookup-col-type = type
lookup-col-raison-sociale = raison sociale
lookup-col-address = address
lookup-col-sector = sector
lookup-col-decision = decision
lookup-same-name = { $count } activities are named "{ $name }": tell them apart by their address.
lookup-rangs = { $count } practices by RPPS rang: { $forms } forms 413 (at most { $max } RPPS rang per form).
lookup-warning = ou { $ou }: { $text }

## agent form413
form413-admin-not-key-value = { $part } is not KEY=VALUE (keys: carte, nom, prenom, telephone, email)
form413-admin-unknown-key = unknown key { $key } (keys: carte, nom, prenom, telephone, email)
form413-ou-not-among = { $ou } is not among RPPS { $rpps }'s activities in { $base } (see `agent lookup --rpps { $rpps }`)
form413-entry-skipped = directory entry { $ou } skipped: { $reason }
form413-excluded-follow = { $ou } ({ $name }) skipped: { $kind }, follow { $procedure }
form413-excluded = { $ou } ({ $name }) skipped: { $kind }
form413-skipped = { $ou } skipped: { $reason }
form413-no-activity = RPPS { $rpps } has no activity that orders through this procedure in { $base } (see `agent lookup --rpps { $rpps }`)
form413-no-raison-sociale = { $id }: no raison sociale; write --structure "{ $id }=RAISON SOCIALE" or give --raison-sociale
form413-card-without-number = the card does not expose its card number: give the administrator with --admin "carte=…;…" instead
form413-admin-from-card = technical administrator from the card: { $first } { $last } ({ $kind }, card { $card })
form413-ou-needs-rpps = ou = […] needs rpps = "…" (or --rpps)
form413-cannot-encode = cannot encode form 413 as JSON: { $reason }
form413-left-over = { $path } is left from an earlier run and is not part of this request
form413-prepared = { $count } form 413 { $count ->
        [one] file
       *[other] files
    } prepared (with their JSON version next to them).
form413-sign-and-send = Have each form signed by the legal representative ({ $first } { $last }), then send it by e-mail to { $email }.
form413-habilitation-mail = The structure and the technical administrator will be told by e-mail of the habilitation to order the certificates.

## agent import, export, rollback, list
prompt-p12-password = Password of the PKCS#12 file (not echoed):{" "}
import-target-failed = { $structure } { $usage }: installed in the store, but { $reason }
import-installed = Installed { $product } (CN { $cn }) for { $structure } ({ $name }): serial { $serial }, expires { $expires }, version { $version }.
import-live-files = live files: { $files }
import-already-installed = Already installed: { $usage } for { $structure } (serial { $serial }); nothing changed.
import-one-usage = give exactly one usage, not { $value }
export-key-on-token = the key of { $structure } { $usage } is on a PKCS#11 token ({ $uri }): it cannot be exported
export-wrote = Wrote { $path }.
export-store-passphrase = its passphrase is the store's: { $path }
rollback-done = Rolled back { $structure } { $usage }: live is now version { $to } (was { $from }), serial { $serial }, expires { $expires }.
rollback-expired = that version has expired
list-nothing = Nothing installed in { $path }.
list-serial = serial { $serial }
list-expires = expires { $date }

## agent check
check-no-auth-cli = no AUTH_CLI certificate is installed: run `agent enroll` or `agent import` first
check-no-auth-cli-for = no AUTH_CLI certificate is installed for { $structure }: run `agent enroll` or `agent import` first
check-several = several structures have an AUTH_CLI certificate ({ $structures }): choose one with --structure
check-key-on-token = this AUTH_CLI key is on a PKCS#11 token: `agent check` tests software keys only; test with the DMP software
check-connected = Connected to { $url } with the AUTH_CLI certificate of { $structure } (serial { $serial }).
check-tls = TLS:     { $version } { $suite }
check-server = server:  { $subject }
check-http = HTTP:    { $code } (the server accepted the client certificate)
check-no-http = HTTP:    no HTTP answer (the handshake completed)

## agent notify
notify-no-channel = no channel in [notify] (email, webhook, command): nothing sent, nothing remembered; see docs/configuration.md
notify-channel-failed = a channel failed: { $kept } alert(s) kept, sent on the next run (exit { $code })
notify-dry-run = Dry run: nothing is sent or remembered.
notify-dry-run-no-channel = No channel is configured in [notify]: these alerts would go nowhere.
notify-no-channel-short = (no channel)
notify-would-send = would send: { $subject } -> { $to }
notify-would-send-kept = would send (kept from an earlier run): { $subject } -> { $to }
notify-sent = sent by { $channels }: { $subject }
notify-not-sent = NOT sent by { $channel }: { $subject } ({ $reason }); kept for the next run
notify-summary = Checked { $checked } installed certificate(s): { $new } new alert(s), { $kept } kept for the next run.

## agent inspect (and csr --show)
inspect-what-csr = Certificate request (PKCS#10)
inspect-what-cert = Certificate
inspect-heading = { $what }: { $file }
inspect-subject = Subject:
inspect-multi-valued = , multi-valued RDN
inspect-issuer = Issuer:
inspect-valid = Valid:
inspect-valid-range = { $from } to { $to }
inspect-key = Key:
inspect-key-value = { $algorithm } (SHA-256 of the public key: { $sha })
inspect-signature = Signature:
inspect-signature-verifies = , verifies
inspect-signature-fails = , DOES NOT VERIFY
inspect-critical = {" "}(critical)
inspect-not-critical = {" "}(not critical)
inspect-requested-key-usage = Requested key usage:          { $list }{ $critical }
inspect-certified-key-usage = Certified key usage:          { $list }{ $critical }
inspect-requested-eku = Requested extended key usage: { $list }
inspect-certified-eku = Certified extended key usage: { $list }
inspect-other-extensions = Other extensions: { $list }
inspect-other-attributes = Other attributes: { $list }
inspect-usage = Usage:
inspect-usage-unknown = unknown (keyUsage and extendedKeyUsage fit no ORG usage)
inspect-profile = ORG profile:
inspect-fits-product = fits the { $product } profile
inspect-fits = fits
inspect-does-not-fit-product = does NOT fit the { $product } profile
inspect-does-not-fit = does NOT fit the ORG profile
inspect-chain = Chain:
inspect-chain-verified = verified up to { $anchor }
inspect-chain-fails = does NOT verify: { $reason }
card-waiting = waiting up to { $seconds } s for a CPx card to be inserted…
card-waiting-reader = waiting up to { $seconds } s for a reader and a CPx card…
interrupted = agent: interrupted: removed the { $count } unfinished order(s) of this run and the { $keys } key pair(s) it had made on a token (nothing was submitted or installed)
interrupted-keys-left = agent: interrupted: { $count } key pair(s) made by this run could not be removed from the token: list them with `pkcs11-tool --list-objects` (label "ORG <USAGE> <structure> <timestamp>") and delete them

## Portal steps (csr, enroll --portal, renew without a platform) and outcomes
portal-prepared = Prepared for structure { $structure } ({ $name }); the order is kept in { $dir }
portal-subject = Subject: { $subject }
portal-step-login = Log in to the IGC Santé platform { $url } with your CPx card in the reader.
portal-step-order = Order the product "{ $product }" (offre certificat logiciel ORG, personne morale) for structure { $structure }.
portal-step-service = At step 3, type the service applicatif exactly: { $service }
portal-step-csr = When asked for the certificate request (CSR), give the file { $file } (PKCS#10, PEM).
portal-step-import = Once the certificate is issued, install it with `agent import FILE`.
portal-key = Key (keep it; the certificate needs it): { $key }
outcome-installed = installed
outcome-already-installed = already installed
outcome-pending = pending at the platform: run `agent enroll --resume` in { $seconds } s or later
outcome-portal = request ready: order it on the portal, then `agent import`
outcome-failed = FAILED: { $reason }
outcome-structure-error = { $structure } { $usage }: { $reason }

## Card login, platform, structures (enroll, renew, csr)
login-card-in = card in { $reader }: { $model }
login-logging-in = logging in to the card (one PIN entry for the whole run)
login-logged-in = logged in: { $first } { $last } ({ $kind })
platform-give-est-ca = give --est-ca FILE (or [platform] est_ca): the roots the platform's TLS certificate must chain to
est-retry = try { $failed }/{ $tries } failed ({ $reason }); trying again in { $wait } s
structure-arg-invalid = --structure { $value }: { $reason }
structure-arg-invalid-test = --structure { $value }: { $reason } (a test identifier of the directory's test branch needs --allow-test-ids)
structure-test-id = structure { $structure } is accepted as a test identifier: { $reason }
structure-not-ordering-id = structure { $structure } is identified by its { $kind }; the DMP procedure orders with a FINESS (pharmacies), a SIRET (sociétés d'exercice) or an RPPS rang (individual practices, SCM)
structure-not-among = structure { $structure } is not among the activities of RPPS { $rpps } in the annuaire CPS ({ $url }): check --structure, or give --name
structure-from-directory = structure { $structure } in the annuaire CPS: raison sociale { $name }
structure-name-required = --name is required: give the raison sociale of structure { $structure } as the directory has it (`agent lookup` prints it as raisonSociale) or as on form 413, or --rpps RPPS to take it from the directory
dept-from-directory = postal code { $code } in the directory's address → ST={ $state }
dept-from-postal-code = postal code { $code } → ST={ $state }
dept-none = neither --dept nor --postal-code was given: the requests carry no ST (IGC Santé writes "<Département> (NN)" there); give one of them to match the certificates it issues
csr-give-structure = give --structure ID
csr-conf-service-ignored = --conf-service is ignored: conf is not in --usage
enroll-file-line = { $file } line { $line }: { $reason }
enroll-name-one-structure = --name and --dept apply to one structure: give several structures in --structures-file with their names
enroll-give-structure = give --structure ID (repeatable) or --structures-file FILE
enroll-nothing-to-order = { $structure }: nothing to order (already installed and valid)
enroll-nothing-to-order-renew = { $structure }: nothing to order (already installed and valid; `agent renew` renews)

## agent renew
renew-platform-portal = portal (no EST URL configured): requests are prepared for the portal
renew-dry-run = Dry run: nothing will be changed.
renew-checked = Checked { $checked } installed certificate(s); due within { $within }: { $due }.
renew-due-line = { $structure } { $usage } ({ $name }): serial { $serial }, expires { $expires } ({ $days } days), { $reason }; new key in { $store }
renew-new-cn-differs = new request CN { $service } (the procedure's name; the live certificate carries { $cn })
renew-new-cn = new request CN { $service }
renew-reason-expiring = expiring
renew-reason-expired = expired
renew-reason-invalid = invalid
renew-new-key = new key { $algorithm } (as the live one's order)
renew-platform = Platform: { $platform }
renew-deploy-hook = Deploy hook: { $hook }
renew-no-hook = (none)
renew-nothing-due = Nothing due: { $checked } installed certificate(s) checked, none expires within { $within }.
renew-preparing = { $due } certificate(s) due in { $structures } structure(s): new keys and requests
renew-running-hook = { $structure } { $usage }: running the deploy hook
renew-hook-failed = { $reason }; the new certificate stays installed
renew-hook-failed-exit = renewed, but a deploy hook failed (exit 1)
renew-cannot-record = cannot record the renewal failure for agent notify: { $reason }
renew-alert-not-sent = renewal failure alert not sent: { $reason }
renew-alert-channel-failed = the renewal failure alert could not be sent by every channel; `agent notify` sends it on its next run ({ $kept } kept)
renew-alert-sent = alert sent: { $subject }
help-agent-enroll--conf-service = Service applicatif (CN) for conf, which the DMP procedure does not name: the name you type on the portal (as `agent csr --conf-service`)

## check reasons and details (h-details)

# Certificate check reasons (certificate::CheckReason).
cr-insi = the CN is { $cn }: this is an INSi certificate (INSi requires INSI-AUTO or INSI-MANU), not a DMP certificate; keep it for the INSi client, the agent manages the DMP ORG certificates
cr-other-service = the CN is { $cn }, the procedure requires { $want } (the service applicatif of { $product })
cr-service-needs-adopt = { $reason } (to bring a certificate that carries another name under management, import it with --adopt)
cr-issued-for-structure = it was issued for structure { $ou } (OU), not { $structure }
cr-not-fr = C is not FR
cr-not-yet-valid = it is not valid yet (from { $from }); check the system clock
cr-expired = it expired on { $on }
cr-other-usage = it is an { $found } certificate ({ $exts }), not an { $offered } one: import it as { $usage }
cr-no-usage = its { $exts } fit no ORG usage (AUTH_CLI: digitalSignature + clientAuth; SIGN: digitalSignature, nonRepudiation + emailProtection; CONF: keyEncipherment)
cr-no-ou = no OU (national structure id)
cr-bad-ou = its OU is not a national structure id: { $reason }
cr-bad-ou-test = its OU is not a national structure id: { $reason } (an identifier of the test platform needs --allow-test-ids)
cr-other-structure = it is for structure { $found }, not { $wanted }
cr-pending-other-structure = it matches the pending order of structure { $other }, not { $wanted }
cr-key-not-in-files = its private key is not in the files: give the PKCS#12 file that holds it, or --key FILE (PKCS#8 PEM)
cr-no-pending-key = its public key matches no pending key: was it issued for a request made by `agent csr` in this home? (a certificate for another key cannot be installed; to bring an existing certificate under management with its own key, use --adopt with its PKCS#12 or --key FILE)
cr-pending-key-not-on-disk = the pending key is not on disk
cr-ordered-as = it was ordered as { $ordered }, not { $offered }
cr-two-for-slot = two certificates for structure { $structure }, usage { $usage } in one import: import them one at a time
# keyUsage / extendedKeyUsage against the profile (profile::UsageProblem, UsageWarning).
exts-describe = keyUsage { $ku }, extendedKeyUsage { $eku }
exts-none = (none)
up-lacks-key-usage = keyUsage { $have } lacks { $bit }, required for { $product } (is this a certificate for another usage?)
up-lacks-eku = extendedKeyUsage { $have } lacks { $eku }, required for { $product }
up-conflict = it carries { $carries }: not an { $product } one ({ $exts })
up-conflict-other = it carries { $carries }: that is an { $other } certificate, not an { $product } one ({ $exts })
up-ca-bit = keyUsage carries { $bit }: that is a CA certificate's
uw-not-critical = keyUsage is not critical (IGC Santé marks it critical)
uw-extra-key-usage = keyUsage also has { $extra }: the { $product } profile is { $profile }
uw-extra-eku = extendedKeyUsage also has { $extra }: the { $product } profile is { $profile }
# Chain verification (certificate::ChainReason).
chr-unknown-issuer = it is not signed by a trusted CA (unknown issuer): check that the file comes from the IGC Santé platform and that the trust anchors are the IGC Santé roots
chr-unknown-issuer-test = it is not signed by a trusted CA (unknown issuer): check that the file comes from the IGC Santé platform and that the trust anchors are the IGC Santé roots; its issuer is a TEST certificate authority: the TEST platform's anchors are used only with --test-pki (or pki.test_pki = true)
chr-expired = a certificate of the chain has expired
chr-not-valid-yet = a certificate of the chain is not valid yet (check the system clock)
chr-bad-signature = a signature in the chain is invalid (the file was altered, or the chain is wrong)
chr-wrong-eku = the extended key usage does not fit this ORG usage
chr-ca-as-end-entity = this is a CA certificate, not an ORG certificate
# Separator of reasons on one line.
detail-separator = {"; "}
# agent inspect: check names and details (csr::InspectDetail).
ic-name-subject = subject
ic-name-key = key
ic-name-signature-algorithm = signature algorithm
ic-name-signature = signature
ic-name-usage = usage
ic-name-other-extensions = other extensions
ic-name-other-attributes = other attributes
ic-multi-valued-rdn = a multi-valued RDN: each attribute must be its own RDN
ic-subject-in-order = C, ST, O, OU, CN in that order
ic-subject-in-order-no-st = C, O, OU, CN in that order (no ST)
ic-subject-found = found { $names }; expected C, ST, O, OU, CN in that order and nothing else
ic-country-wrong = { $value } ({ $stype }); expected FR as a PrintableString
ic-missing-c = missing; expected C=FR
ic-missing-st = missing: IGC Santé writes the département, "<Département> (NN)"
ic-missing-o = missing; expected the raison sociale
ic-missing-ou = missing; expected the national structure id
ic-missing-cn = missing; expected the service applicatif
ic-st-not-utf8 = { $value } is a { $stype }; expected UTF8String
ic-not-utf8 = a { $stype }; expected UTF8String
ic-surrounding-blanks = surrounding blanks
ic-ou-test = { $value } is a test identifier: { $rule }
ic-cn-ok = { $cn } (the service applicatif of { $product })
ic-cn-no-usage = { $cn }: no usage to compare it with (see the usage check)
ic-key-not-rsa2048 = { $key }: the platform's ORG products are RSA 2048
ic-signature-algorithm = { $algorithm }; expected SHA-256 (sha256WithRSAEncryption or ecdsa-with-SHA256)
ic-self-signature-ok = the request's self-signature verifies
ic-self-signature-bad = the self-signature does not verify
ic-usage-ok = { $ku } (critical) + { $eku }: { $product }
ic-no-eku = no extendedKeyUsage
ic-profile-line = { $ku } (critical) + { $eku }
ic-profile-line-no-eku = { $ku } (critical), no extendedKeyUsage
ic-no-usage = { $exts } fit no ORG usage (AUTH_CLI: { $auth }; SIGN: { $sign }; CONF: { $conf })
ic-no-usage-cn = { $exts } fit no ORG usage (AUTH_CLI: { $auth }; SIGN: { $sign }; CONF: { $conf }); the CN names { $product }, whose profile is { $profile }
ic-no-other-extensions = none (no subjectAltName, no e-mail)
ic-other-extensions = { $list }: the ORG profile has none
ic-no-other-attributes = none
ic-other-attributes = { $list }: the request should carry only its extensions
ic-subject-alt-name = present: the ORG profile has none
# agent status: the reasons under the table (status::Detail).
sd-cannot-open = cannot open { $path }: { $reason }
sd-cannot-read = cannot read { $path }: { $reason }
sd-no-certificate-block = { $file }: no CERTIFICATE block
sd-not-pem = { $file }: not PEM: { $reason }
sd-not-a-certificate = { $file }: not a valid certificate: { $reason }
sd-other-structure = cert.pem is for structure { $ou } (its OU), not { $structure }
sd-ca-certificate = cert.pem is a CA certificate, not an ORG certificate
sd-usage = cert.pem: { $reason }
sd-key-mismatch = privkey.pem does not match cert.pem
sd-key-unreadable = privkey.pem: { $reason }
sd-key-uri-not-pkcs11 = key.uri is not a pkcs11: URI
sd-no-private-key = no private key (privkey.pem or key.uri)
sd-chain-starts-with = chain.pem starts with { $first }, not the issuer of cert.pem ({ $issuer })
sd-chain-not-signed = the first certificate of chain.pem did not sign cert.pem (the file was altered, or the chain is wrong)
sd-not-valid-before = not valid before { $from } (check the system clock)
sd-targets-failed = installed, but { $failures }
sd-pending = ordered { $created } ({ $product }); import the certificate with `agent import` once the platform has issued it
sd-missing = { $have } is there but not { $need }: the DMP needs both; order it with `agent csr --structure { $structure } --usage { $usage }`
# agent card status: diagnosis and warnings (card::why).
cd-pcsc-unreadable = PC/SC could not be read ({ $reason }); card middlewares (Cryptolib CPS, OpenSC) reach the card through pcscd, so they see no card without it
cd-no-middleware = a { $model } card is in { $reader }, but no card middleware was found: install Cryptolib CPS (the ANS middleware) or give --pkcs11-module
cd-no-middleware-cps4 = a { $model } card is in { $reader }, but no card middleware was found: install Cryptolib CPS (5.2 or later for a CPS4) or give --pkcs11-module
cd-slot-empty = the middleware { $middleware } shows the slot of reader { $reader } empty: the card is not readable by this middleware
cd-token-without-cpx = the middleware { $middleware } shows a token in reader { $reader } that holds no CPx card certificate
cd-slots-without-token = the middleware { $middleware } shows { $count } slot(s) without a token: the card is not readable by this middleware
cd-no-slot-for = the middleware { $middleware } has no slot for reader { $reader }
cd-old-cryptolib = a CPS4 card needs Cryptolib CPS { $need } or later; this one is { $version }: update the middleware (ANS, espace CPS)
cd-no-cryptolib = a CPS4 card is read by the Cryptolib CPS middleware { $need } or later, which was not among the modules loaded: install it, or give its path with --pkcs11-module
cd-unknown-atr = the card in { $reader } has ATR { $atr }, which is neither a CPS3 nor a CPS4
cw-pcsc-but-token = { $reason } (the PKCS#11 token was found anyway)
cw-test-holder-id = the holder's national id { $id } is a test-platform identifier ({ $rule }): commands that use it need --allow-test-ids
# form 413: field problems found by form413::validate (form413::FieldProblem).
fl-raison-sociale = raison sociale (field a, dénomination de la structure)
fl-nom = nom
fl-prenom = prénom
fl-telephone = téléphone
fl-email = e-mail professionnel
fl-editeur = éditeur de la solution (4.2)
fl-solution = solution utilisée (4.2)
fl-version = version déployée (4.2)
fp-no-structure = no structure: give --structure ID (or [[structure]] id = …), or --rpps to take them from the annuaire CPS
fp-required = { $what } is required
fp-too-long = { $what } is too long (200 characters at most)
fp-control = { $what } holds a control character (line break, tab…)
fp-id-required = national structure id is required (1 + FINESS, 3 + SIRET, 4 + RPPS rang)
fp-bad-id-test = { $reason } (test data: --allow-test-ids)
fp-other-procedure = { $id }: { $kind } structures do not use this procedure, follow { $procedure }
fp-bad-phone = { $value } is not a phone number (e.g. 01 23 45 67 89 or +33 1 23 45 67 89)
fp-bad-email = { $value } is not an e-mail address
fp-card-required = N° de carte (10 digits, printed on the CPx card) is required
fp-qualite-missing = say whether the signatory is the responsable légal or a mandataire (responsable_legal | mandataire)
fp-qualite-bad = { $value }: expected responsable_legal or mandataire
fp-no-admin = at least one technical administrator (section 4.1) is required: --admin, --admin-from-card, or [[administrateur]]
fp-admin-qualite = qualite belongs to the representant only
fp-incomplete = incomplete
id-test-accepted = test identifier accepted (--allow-test-ids): { $rule }
fp-field = { $field }: { $problem }
status-detail-colon = {": "}
# The structure decision table (structure::DecisionWarning).
dw-sector-not-covered = activity sector { $sector } is not covered by this procedure (pharmacies, SA07, SA08, SA09): ask the ANS ({ $email }) which procedure applies
dw-sector-not-covered-label = activity sector { $sector } ({ $label }) is not covered by this procedure (pharmacies, SA07, SA08, SA09): ask the ANS ({ $email }) which procedure applies
dw-finess-assumed-pharmacy = no activity sector given: a FINESS is taken as a pharmacie's FINESS géographique; a GIE (SA04), GCS (SA30) or laboratory follows another procedure
dw-siret-assumed-societe = no activity sector given: a SIRET is taken as a société d'exercice (SA09)
dw-id-type-not-covered = a structure known by its { $kind } alone is not covered by this procedure: pharmacies order with their FINESS géographique, sociétés d'exercice with their SIRET, cabinets with their RPPS rang
dw-orders-with-other = a { $kind } orders with its { $want }, but this structure is listed with a { $have }: find its { $want } before filling form 413
dw-orders-with-other-fse = a { $kind } orders with its { $want }, but this structure is listed with a { $have }: find its { $want } (the one its feuilles de soins électroniques are billed on) before filling form 413
odd-validity = valid { $days } days, not about 3 years as IGC Santé ORG certificates are

## order progress and notifications (h-prog)
order-step-using-fetched = { $structure } { $usage }: using the certificate already fetched
order-step-sending = { $structure } { $usage }: sending the request to the platform ({ $operation })
order-step-completing-chain = completing the chain with the platform's CA certificates (/cacerts)
order-step-installing = { $structure }: checking and installing what was issued
order-warn-key-algorithm = { $algorithm } keys were asked for: the platform's ORG products are RSA 2048, and it may refuse other keys
order-warn-unused-token-key = could not delete the unused key { $uri } from the token: { $reason }
order-failed-targets = installed, but { $reasons }
err-key-store-spec = --key-store { $value }: give "software" or a pkcs11: URI naming a token
cert-warn-adopted = certificate { $serial }: { $reason }; it is adopted as it is, and `agent renew` orders its successor with the mandatory name
cert-warn-usage = certificate { $serial }: { $reason }
cert-warn-validity = certificate { $serial } is { $reason }
cert-warn-test-id = certificate { $serial }: OU { $ou } is a test identifier ({ $reason }), accepted by --allow-test-ids
id-test-warning = test identifier accepted (--allow-test-ids): { $reason }
store-lock-waiting = another agent run is changing the store; waiting…
prompt-key-store-pin = PIN of the key store token { $label } (not echoed):{" "}
notify-days-unknown = days left unknown
notify-days-left = { $days ->
    [one] { $days } day left
   *[other] { $days } days left
}
notify-days-less-than-one = less than a day left
notify-days-ago = { $days ->
    [one] expired { $days } day ago
   *[other] expired { $days } days ago
}
notify-subject-threshold = [agent] { $structure } { $name }: ORG { $usage } certificate expires soon ({ $days })
notify-subject-expired = [agent] { $structure } { $name }: ORG { $usage } certificate EXPIRED ({ $days })
notify-subject-invalid = [agent] { $structure } { $name }: ORG { $usage } certificate UNUSABLE ({ $days })
notify-subject-renew-failed = [agent] { $structure } { $name }: ORG { $usage } renewal FAILED ({ $days })
notify-subject-target-failed = [agent] { $structure } { $name }: ORG { $usage } certificate copy NOT WRITTEN ({ $days })
notify-body-cert = ORG { $usage } certificate of structure { $structure } ({ $name }) on host { $host }
notify-body-in-days = { $days ->
    [one] { $days } day
   *[other] { $days } days
}
notify-body-less-than-a-day = less than a day
notify-body-threshold = The { $cert } expires in { $within } (threshold { $threshold }).
notify-body-expired = The { $cert } has EXPIRED: the DMP refuses it.
notify-body-invalid = The { $cert } is UNUSABLE: { $detail }.
notify-body-renew-failed = The renewal of the { $cert } FAILED: { $detail }.
notify-body-target-failed = A copy of the { $cert } that the DMP software reads could not be written: { $detail }.
notify-see-status = see `agent status`
notify-see-renew-log = see the log of `agent renew`
notify-body-certificate = Certificate:
notify-field-cn = CN:
notify-field-serial = Serial:
notify-field-not-after = Not after:
notify-field-days-left = Days left:
notify-field-renew-after = Renew after:
notify-field-state = State:
notify-field-live = Live path:
notify-body-what-to-do = What to do:
notify-do-invalid-1 = 1. See what is wrong:            agent status --structure { $structure }
notify-do-invalid-2 = 2. Go back to the previous version: agent rollback --structure { $structure } --usage { $arg }
notify-do-invalid-3 = or renew it:                   agent renew --structure { $structure }
notify-do-target-1 = 1. See which copy failed and why: agent status --structure { $structure }
notify-do-target-2 = 2. Fix the target (space, permissions, NSS database), then import again.
notify-do-renew-failed-1 = 1. Check that the CPx card is in the reader and that the PIN file is readable.
notify-do-renew-failed-2 = 2. Run the renewal by hand to see the error: agent renew --structure { $structure }
notify-do-renew-failed-3 = 3. Check the result:                        agent status --structure { $structure }
notify-do-automatic-1 = 1. With the CPx card in the reader: agent renew --structure { $structure }
notify-do-automatic-2 = (the renewal timer does it unattended when it runs with a PIN file)
notify-do-automatic-3 = 2. Check the result:                agent status --structure { $structure }
notify-do-portal-0 = Renewal is manual here (no EST platform configured):
notify-do-portal-1 = 1. Prepare the new key and request:  agent renew --structure { $structure }
notify-do-portal-2 = (it prints the request files and the portal steps)
notify-do-portal-3 = 2. Log in to the IGC Santé certificate platform with the CPx card and order the
notify-do-portal-4 = ORG { $usage } certificate with that request (service applicatif { $cn }).
notify-do-portal-5 = 3. Install what the platform delivers: agent import FILE
notify-do-portal-6 = 4. Check the result:                 agent status --structure { $structure }
notify-body-due = Renewal is due from { $date } (notAfter minus the renewal window).
notify-body-signature = agent notify on { $host }; this alert is sent once.
target-failed-nss = the NSS database { $path } was not updated: { $reason }
target-failed-export = the export directory { $path } was not updated: { $reason }
notify-send-refused = { $url } answered { $status }: { $answer }
notify-send-command-not-run = the command { $run } could not run: { $reason }
notify-send-command-failed = the command { $run } exited with { $status }
portal-request = { $product }: { $file }
