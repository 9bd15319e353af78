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
