# French catalogue of the agent. One message per id; the English one (locales/en/agent.ftl)
# has the same ids with the same placeholders (tests/i18n.rs checks it).
# Typography: a no-break space (U+00A0) before « : », « ; », « ? », « ! » and inside « ».

## Aide (--help), pages de manuel et complétions.

-h-trust-anchor = Un fichier PEM d'ancres de confiance pour cette exécution ; répétable. S'ajoute aux racines IGC Santé intégrées et aux pki.trust_anchors de la configuration
-h-test-pki = Accepter les autorités de certification de TEST (plateforme de test uniquement) : la racine IGC Santé de TEST intégrée et les ancres de TEST données par --trust-anchor ; aussi pki.test_pki
-h-no-builtin-anchors = Ne pas utiliser les racines IGC Santé intégrées à l'agent : seulement --trust-anchor et pki.trust_anchors (aussi pki.builtin_anchors = false)
-h-p12-legacy = Écrire les fichiers PKCS#12 avec l'ancien chiffrement 3DES/SHA-1, pour les anciens logiciels DMP
-h-nss-db = Importer aussi dans cette base NSS (p. ex. sql:/etc/pki/nssdb)
-h-export-dir = Copier aussi les fichiers en service dans DIR/<structure>/<usage>/ pour le logiciel DMP
-h-export-owner = Propriétaire des fichiers exportés, pour un logiciel DMP qui tourne sous un autre utilisateur (nom ou uid ; l'agent doit tourner en root pour céder des fichiers). Par défaut : l'utilisateur de l'agent
-h-export-group = Groupe des fichiers exportés (nom ou gid). Par défaut : le groupe de l'agent
-h-export-mode = Mode des fichiers exportés : 0600 (par défaut) ou 0640 (lisible par le groupe) ; leurs répertoires reçoivent les droits de parcours correspondants (0700, 0750)
-h-branch = Branche de l'annuaire : test (o=TEST,c=fr) ou prod (o=GIP-CPS,c=fr) [défaut : [annuaire] branch, sinon test]
-h-branch-test = Identités de test : `o=TEST,c=fr`
-h-branch-prod = Identités de production : `o=GIP-CPS,c=fr`
-h-ldap-url = URL LDAP de l'annuaire CPS [défaut : [annuaire] url, sinon ldap://annuaire.gip-cps.fr:389]
-h-connect-timeout = Délai de connexion, p. ex. 10s [défaut : [annuaire] connect_timeout, sinon 10s]
-h-search-timeout = Délai de recherche, p. ex. 30s [défaut : [annuaire] search_timeout, sinon 30s]
-h-allow-test-ids-lookup = Accepter les identifiants qui enfreignent les règles de longueur ou de clé de contrôle (données de test), avec un avertissement. Actif par défaut dans la branche de test ; dans la branche prod, ces entrées sont signalées comme mal formées sauf avec cette option
-h-est-url = URL de base EST de la plateforme de certificats (p. ex. https://pfc.example/.well-known/est) ; aussi [platform] est_url. Sans elle, la voie du portail est suivie
-h-est-ca = Racines PEM du certificat serveur TLS de la plateforme (répétable) ; aussi [platform] est_ca. Le certificat du serveur est toujours vérifié
-h-wait-card = Attendre jusqu'à SECS secondes l'insertion de la carte (nécessite pcscd)
-h-allow-final-try = Autoriser la connexion même quand il ne reste qu'un essai de code PIN
-h-structure-id = Identifiant national de structure
-h-usage-one = Usage : auth_cli, sign ou conf

help-heading-usage = Utilisation
help-heading-commands = Commandes
help-heading-options = Options
help-heading-arguments = Arguments
help-flag-help = Afficher l'aide
help-flag-version = Afficher la version
help-subcommand-help = Afficher ce message ou l'aide des sous-commandes données
help-env = [env : { $name }={ $value }]
help-default = [défaut : { $value }]
help-possible-values = [valeurs possibles : { $values }]
help-possible-values-heading = Valeurs possibles :

help-agent = Agent d'inscription de certificats par carte CPx pour les certificats ORG IGC Santé du DMP
help-agent-long =
    Agent d'inscription de certificats par carte CPx pour les certificats ORG IGC Santé du DMP.

    L'administrateur technique d'une pharmacie ou d'un cabinet s'en sert, avec une carte CPS, CPE ou CPA, pour commander les certificats ORG AUTH_CLI et ORG SIGN de la structure, les installer et les renouveler avant qu'ils n'expirent.
help-agent--home = Où l'agent garde son état et son magasin de certificats [défaut : /var/lib/agent pour root, $XDG_DATA_HOME/agent sinon]
help-agent--config = Fichier de configuration (TOML) [défaut : /etc/agent/config.toml pour root, $XDG_CONFIG_HOME/agent/config.toml sinon]
help-agent--pkcs11-module = Module PKCS#11 de l'intergiciel de la carte [défaut : le module Cryptolib CPS, puis les modules enregistrés auprès de p11-kit]
help-agent--token = Le jeton (token) de la carte : son libellé, ou une URI RFC 7512 comme « pkcs11:token=CPS%20... »
help-agent--pin-file = Lire le code PIN de la carte sur la première ligne de ce fichier (mode 0600 : un fichier accessible au groupe ou aux autres est refusé). Sans --pin-file ni --pin-fd, le code PIN est demandé sur le terminal, sans écho ; il n'est jamais accepté sur la ligne de commande. C'est le code PIN de la carte seulement : un jeton de magasin de clés a le sien (pin-source= dans son URI, ou [key_store] pin_file)
help-agent--pin-fd = Lire le code PIN de la carte sur ce descripteur de fichier hérité (p. ex. --pin-fd 3 3<fichier-pin) : jusqu'au premier saut de ligne, une fois par exécution ; le descripteur n'est pas fermé
help-agent--lang = Langue des messages et de l'aide : fr ou en [défaut : AGENT_LANG, sinon la locale (LC_ALL, LC_MESSAGES, LANG), sinon en]. Ce que lisent les scripts (JSON, métriques, codes de sortie) est le même dans toutes les langues
help-agent--lang--en = Anglais
help-agent--lang--fr = Français
help-agent-card = La carte CPx : lecteurs, jeton, état du code PIN, identité du porteur, vérification de connexion
help-agent-card-status = Lecteurs et cartes (ATR, modèle), l'intergiciel (identité, emplacements), le jeton (libellé, numéro de série, état du code PIN) et l'identité du porteur, avec la cause la plus probable d'un échec ; aucun code PIN n'est nécessaire
help-agent-card-status--wait = Attendre jusqu'à SECS secondes l'insertion d'une carte
help-agent-card-status--json = Afficher un objet JSON au lieu du texte (toujours, aussi quand le code de sortie n'est pas 0 : il a alors un membre "error" avec le code et le message)
help-agent-card-login = Vérifier le code PIN auprès de la carte, une fois. Refuse de dépenser le dernier essai sans --allow-final-try ; ne réessaie jamais
help-agent-card-login--allow-final-try = Autoriser la connexion même quand il ne reste qu'un essai de code PIN (un code PIN faux bloque alors la carte)
help-agent-card-login--json = Afficher un objet JSON au lieu du texte
help-agent-lookup = Les activités d'un professionnel dans l'annuaire CPS (LDAP) et l'identifiant avec lequel chacune commande ses certificats (FINESS, SIRET ou rang RPPS)
help-agent-lookup--rpps = Le RPPS du professionnel (11 chiffres, sans le chiffre de type 8)
help-agent-lookup--from-card = Prendre le RPPS sur la carte CPS insérée (certificat du porteur ; pas de code PIN)
help-agent-lookup--branch = { -h-branch }
help-agent-lookup--branch--test = { -h-branch-test }
help-agent-lookup--branch--prod = { -h-branch-prod }
help-agent-lookup--ldap-url = { -h-ldap-url }
help-agent-lookup--connect-timeout = { -h-connect-timeout }
help-agent-lookup--search-timeout = { -h-search-timeout }
help-agent-lookup--allow-test-ids = { -h-allow-test-ids-lookup }
help-agent-lookup--json = Afficher un tableau JSON au lieu d'un tableau texte
help-agent-form413 = Préparer le formulaire 413 (PDF et JSON) qui habilite l'administrateur technique à commander les certificats ORG de la structure
help-agent-form413--input = Fichier TOML avec les données du formulaire (voir docs/form413.example.toml) ; les options le complètent et remplacent ses valeurs simples
help-agent-form413--structures = Une structure par identifiant national (1 + FINESS géographique, 3 + SIRET, 4 + rang RPPS), avec sa raison sociale après « = » : --structure "1920008059=PHARMACIE DES ÉCOLES" (répétable)
help-agent-form413--raison-sociale = Raison sociale des valeurs --structure données sans raison sociale
help-agent-form413--rpps = Prendre les structures dans l'annuaire CPS : les activités éligibles de ce professionnel
help-agent-form413--ou = Avec --rpps : ne garder que ces activités (leur ou, tel que l'affiche `agent lookup`) (répétable)
help-agent-form413--branch = { -h-branch }
help-agent-form413--branch--test = { -h-branch-test }
help-agent-form413--branch--prod = { -h-branch-prod }
help-agent-form413--ldap-url = { -h-ldap-url }
help-agent-form413--connect-timeout = { -h-connect-timeout }
help-agent-form413--search-timeout = { -h-search-timeout }
help-agent-form413--allow-test-ids = { -h-allow-test-ids-lookup }
help-agent-form413--rep-qualite = 3.2 : le signataire est le responsable légal ou un mandataire
help-agent-form413--rep-qualite--responsable-legal = Responsable légal de la structure
help-agent-form413--rep-qualite--mandataire = Mandataire du représentant légal
help-agent-form413--rep-nom = 3.2 : nom du représentant légal
help-agent-form413--rep-prenom = 3.2 : prénom(s)
help-agent-form413--rep-telephone = 3.2 : téléphone
help-agent-form413--rep-email = 3.2 : e-mail professionnel
help-agent-form413--rep-carte = 3.2 : N° de carte (CPS, 10 chiffres)
help-agent-form413--admins = 4.1 : un administrateur technique, sous la forme "carte=2100000123;nom=MARTIN;prenom=Paul;telephone=06 12 34 56 78;email=p.martin@editeur.example" (répétable)
help-agent-form413--admin-from-card = 4.1 : ajouter le porteur de la carte insérée (numéro de carte, nom, prénom lus sur la carte ; donner --admin-telephone et --admin-email)
help-agent-form413--admin-telephone = Téléphone de l'administrateur de --admin-from-card
help-agent-form413--admin-email = E-mail professionnel de l'administrateur de --admin-from-card
help-agent-form413--editeur = 4.2 : éditeur de la solution
help-agent-form413--solution = 4.2 : solution utilisée (son nom)
help-agent-form413--solution-version = 4.2 : version de la solution déployée
help-agent-form413--out = Répertoire où écrire form413-N.pdf et form413-N.json (créé au besoin)
help-agent-form413--json = Afficher un résumé JSON (fichiers, où les envoyer) au lieu du texte
help-agent-csr = Nouvelles paires de clés et demandes de certificats ORG (AUTH_CLI, SIGN) pour une structure, avec les étapes de commande sur le portail ; --show FICHIER affiche une demande ou un certificat
help-agent-csr--show = Afficher une demande (CSR) ou un certificat (PEM ou DER) en clair et le vérifier par rapport au profil ORG, au lieu d'en créer (comme `agent inspect FICHIER`)
help-agent-csr--structure = Identifiant national de structure : chiffre de type + identifiant, tel que l'affiche `agent lookup` (ou), p. ex. 1<FINESS>, 3<SIRET>, 4<rang RPPS>
help-agent-csr--name = Raison sociale (O du sujet), telle que l'annuaire ou le formulaire 413 la donne ; 64 caractères au plus
help-agent-csr--rpps = Sans --name : prendre la raison sociale (et le département, d'après l'adresse postale) dans les activités de ce professionnel dans l'annuaire CPS (RPPS, 11 chiffres). Une structure de rang RPPS porte elle-même le nom de son professionnel
help-agent-csr--dept = Département pour ST : 01-95, 2A, 2B, 971-976
help-agent-csr--postal-code = Le code postal de la structure, pour en déduire le département (ST)
help-agent-csr--usage = Usages à préparer, séparés par des virgules : auth_cli, sign, conf
help-agent-csr--conf-service = Service applicatif (CN) pour conf, que la procédure DMP ne nomme pas
help-agent-csr--key-store = Où les clés sont créées : "software" (fichiers PKCS#8 dans la zone d'attente) ou l'URI RFC 7512 d'un jeton PKCS#11 (un HSM, un jeton SoftHSM ; jamais la carte CPx), p. ex. "pkcs11:token=ORG%20KEYS?module-path=/usr/lib/softhsm/libsofthsm2.so&pin-source=file:/etc/agent/hsm.pin"
help-agent-csr--key-type = Algorithme de clé : rsa2048 (celui pour lequel l'IGC Santé émet les certificats ORG), rsa3072, rsa4096, p256
help-agent-csr--out = Écrire aussi les demandes dans DIR (la zone d'attente en garde toujours une copie)
help-agent-csr--replace = Mettre de côté une commande en attente existante pour cette structure (conservée sous pending/.replaced/)
help-agent-csr--allow-test-ids = Accepter un identifiant de test (branche de test de l'annuaire) qui enfreint une règle de longueur ou de clé de contrôle, avec un avertissement [config : annuaire.allow_test_ids]
help-agent-csr--allow-final-try = Autoriser la connexion au jeton du magasin de clés même quand il ne reste qu'un essai de code PIN
help-agent-csr--json = Afficher la commande en JSON au lieu des étapes du portail
help-agent-inspect = Afficher une demande (CSR) ou un certificat en clair et le vérifier par rapport au profil ORG (code de sortie 40 s'il n'est pas conforme)
help-agent-inspect--file = La demande (CSR) ou le certificat (PEM ou DER)
help-agent-inspect--json = Afficher un objet JSON au lieu du texte
help-agent-inspect--trust-anchor = { -h-trust-anchor }
help-agent-inspect--test-pki = { -h-test-pki }
help-agent-inspect--no-builtin-anchors = { -h-no-builtin-anchors }
help-agent-import = Vérifier ce que la plateforme a émis (PEM, DER, PKCS#7 ou PKCS#12) par rapport à la commande en attente et l'installer dans le magasin ; rien n'est installé tant qu'une vérification échoue
help-agent-import--files = Fichiers livrés par la plateforme : PEM, DER, PKCS#7 (.p7b/.p7c) ou PKCS#12 (.p12/.pfx) ; un fichier peut contenir le certificat et sa chaîne
help-agent-import--structure = Refuser les certificats de toute autre structure (identifiant national de structure)
help-agent-import--p12-password-file = Lire le mot de passe PKCS#12 dans ce fichier (sinon il est demandé sur le terminal)
help-agent-import--trust-anchor = { -h-trust-anchor }
help-agent-import--test-pki = { -h-test-pki }
help-agent-import--no-builtin-anchors = { -h-no-builtin-anchors }
help-agent-import--p12-legacy = { -h-p12-legacy }
help-agent-import--nss-db = { -h-nss-db }
help-agent-import--export-dir = { -h-export-dir }
help-agent-import--export-owner = { -h-export-owner }
help-agent-import--export-group = { -h-export-group }
help-agent-import--export-mode = { -h-export-mode }
help-agent-import--adopt = Prendre en charge un certificat ORG IGC Santé existant bien que sa clé n'ait pas été créée par cet agent (donner son PKCS#12, ou le certificat avec --key) et que son CN ne soit pas le service applicatif de la procédure (avertissement ; le prochain `agent renew` commande avec le nom obligatoire). Les vérifications de chaîne, de validité et d'usage s'appliquent toujours ; les certificats INSi sont refusés
help-agent-import--key = La clé privée (PKCS#8 PEM, non chiffrée) d'un certificat livré sans elle
help-agent-import--usage = L'usage des certificats (auth_cli, sign, conf) : refuser ceux dont keyUsage et extendedKeyUsage disent un autre usage (sans elle, l'usage de chacun est lu dans ces extensions)
help-agent-import--allow-test-ids = Accepter dans l'OU les identifiants de la plateforme de test (lettres, longueurs et clés de contrôle qui enfreignent les vraies règles), avec un avertissement [config : annuaire.allow_test_ids]
help-agent-import--json = Afficher un tableau JSON de ce qui a été installé
help-agent-enroll = Commander et installer les certificats ORG d'une structure en une commande : connexion à la carte, clés, demandes, EST sur TLS authentifié par la carte, vérifications, installation (--portal : s'arrêter après les demandes)
help-agent-enroll--structures = Identifiant national de structure (chiffre de type + identifiant) ; répéter pour plusieurs structures
help-agent-enroll--structures-file = Un fichier de structures, une par ligne : `ID;RAISON SOCIALE;DEPT` (DEPT facultatif, commentaires #)
help-agent-enroll--name = Raison sociale (O du sujet) quand une seule structure est donnée
help-agent-enroll--dept = Département pour ST (01-95, 2A, 2B, 971-976) quand une seule structure est donnée
help-agent-enroll--postal-code = Le code postal de la structure, pour en déduire le département
help-agent-enroll--usage = Usages à commander : auth_cli, sign (conf)
help-agent-enroll--key-store = Où créer les clés : "software" ou une URI pkcs11: qui désigne un jeton (jamais la carte CPx)
help-agent-enroll--portal = S'arrêter après les demandes, avec les instructions du portail (le comportement par défaut sans URL EST)
help-agent-enroll--resume = Ne reprendre que les commandes déjà commencées (en attente à la plateforme, ou récupérées mais pas installées)
help-agent-enroll--allow-test-ids = Accepter les identifiants de la branche de test de l'annuaire qui enfreignent les vraies règles
help-agent-enroll--est-url = { -h-est-url }
help-agent-enroll--est-ca = { -h-est-ca }
help-agent-enroll--wait = { -h-wait-card }
help-agent-enroll--allow-final-try = { -h-allow-final-try }
help-agent-enroll--trust-anchor = { -h-trust-anchor }
help-agent-enroll--test-pki = { -h-test-pki }
help-agent-enroll--no-builtin-anchors = { -h-no-builtin-anchors }
help-agent-enroll--p12-legacy = { -h-p12-legacy }
help-agent-enroll--nss-db = { -h-nss-db }
help-agent-enroll--export-dir = { -h-export-dir }
help-agent-enroll--export-owner = { -h-export-owner }
help-agent-enroll--export-group = { -h-export-group }
help-agent-enroll--export-mode = { -h-export-mode }
help-agent-enroll--json = Afficher un tableau JSON des résultats
help-agent-renew = Renouveler ce qui expire dans la fenêtre (60 jours par défaut) : nouvelles clés et demandes, réinscription EST ou commande sur le portail, installation ; pour les scripts et les minuteries
help-agent-renew--within = Renouveler ce qui expire dans ce délai (p. ex. 30d) [défaut : [renew] within, sinon 60d]
help-agent-renew--structures = Seulement ces structures (répétable)
help-agent-renew--dry-run = Afficher le plan (certificats, magasins de clés, plateforme, hooks) sans rien changer
help-agent-renew--deploy-hook = Commande lancée après chaque installation réussie (aussi [renew] deploy_hook) ; elle reçoit AGENT_STRUCTURE, AGENT_USAGE, AGENT_LIVE (= RENEWED_LINEAGE), AGENT_CERT, AGENT_KEY, AGENT_FULLCHAIN, AGENT_CHAIN, AGENT_P12, AGENT_SERIAL, AGENT_NOT_AFTER
help-agent-renew--est-url = { -h-est-url }
help-agent-renew--est-ca = { -h-est-ca }
help-agent-renew--wait = { -h-wait-card }
help-agent-renew--allow-final-try = { -h-allow-final-try }
help-agent-renew--trust-anchor = { -h-trust-anchor }
help-agent-renew--test-pki = { -h-test-pki }
help-agent-renew--no-builtin-anchors = { -h-no-builtin-anchors }
help-agent-renew--p12-legacy = { -h-p12-legacy }
help-agent-renew--nss-db = { -h-nss-db }
help-agent-renew--export-dir = { -h-export-dir }
help-agent-renew--export-owner = { -h-export-owner }
help-agent-renew--export-group = { -h-export-group }
help-agent-renew--export-mode = { -h-export-mode }
help-agent-renew--json = Afficher un résumé JSON
help-agent-check = Tester la connexion au DMP : la poignée de main TLS avec le certificat AUTH_CLI installé
help-agent-check--url = L'URL https à joindre (p. ex. le point d'accès du service DMP)
help-agent-check--structure = La structure dont utiliser le certificat AUTH_CLI (nécessaire quand plusieurs sont installés)
help-agent-check--ca-file = Racines PEM du certificat du serveur (répétable ; obligatoire)
help-agent-check--timeout = Abandonner après ce nombre de secondes
help-agent-check--json = Afficher un objet JSON
help-agent-export = Réexporter un certificat installé et sa clé dans un fichier PKCS#12
help-agent-export--structure = { -h-structure-id }
help-agent-export--usage = { -h-usage-one }
help-agent-export--p12 = Écrire un fichier PKCS#12 (clé + certificat + chaîne) à cet emplacement (mode 0600)
help-agent-export--passphrase-file = Lire la phrase secrète du fichier dans ce fichier (sinon celle du magasin est utilisée et son emplacement affiché)
help-agent-export--legacy = Ancien chiffrement 3DES/SHA-1 pour les anciens lecteurs
help-agent-rollback = Revenir, pour le certificat d'une structure, à la version installée précédemment
help-agent-rollback--structure = { -h-structure-id }
help-agent-rollback--usage = { -h-usage-one }
help-agent-status = Faire le point sur les certificats installés : jours restants et état (ok, expiring, expired, invalid, missing, pending) ; codes de sortie 0/1/2/3 comme un greffon de supervision
help-agent-status--expiring = N'afficher que ce qui expire dans DURÉE (p. ex. 30d, 8w), certificats expirés et invalides compris ; sans valeur, la fenêtre configurée (status.window, 60d par défaut). La fenêtre décide aussi quels certificats sont `expiring`
help-agent-status--structure = Seulement cette structure (identifiant national de structure) ; répétable
help-agent-status--format = Format de sortie
help-agent-status--format--table = Un tableau pour les personnes
help-agent-status--format--json = Un tableau JSON
help-agent-status--format--prometheus = Format d'exposition texte de Prometheus
help-agent-status--json = Comme --format json
help-agent-status--prometheus-file = Écrire aussi les métriques Prometheus dans FICHIER, de façon atomique (pour le collecteur textfile de node_exporter : un FICHIER en .prom dans son répertoire). Rien n'est affiché sur la sortie standard sans --format ni --json
help-agent-status--trust-anchor = { -h-trust-anchor }
help-agent-status--test-pki = { -h-test-pki }
help-agent-status--no-builtin-anchors = { -h-no-builtin-anchors }
help-agent-notify = Envoyer les alertes dues (seuil franchi, expiré, invalide, échec du renouvellement) par e-mail, webhook ou commande comme configuré dans [notify] ; chaque alerte une fois ; code de sortie 60 quand un canal a échoué (l'alerte est gardée et envoyée à l'exécution suivante)
help-agent-notify--dry-run = Afficher ce qui serait envoyé (nouvelles alertes et alertes gardées d'une exécution en échec) sans rien envoyer ; rien n'est mémorisé non plus
help-agent-notify--json = Afficher un résumé JSON : {"{"}"checked", "dry_run", "alerts": [{"{"}alert, new, subject, deliveries, pending{"}"}], "kept"{"}"}
help-agent-notify--trust-anchor = { -h-trust-anchor }
help-agent-notify--test-pki = { -h-test-pki }
help-agent-notify--no-builtin-anchors = { -h-no-builtin-anchors }
help-agent-list = Lister ce qui est installé dans le magasin
help-agent-list--json = Afficher un tableau JSON
help-agent-completions = Afficher les complétions pour le shell (bash, zsh, fish, elvish, powershell)
help-agent-completions--shell = Le shell
help-agent-man = Écrire les pages de manuel (agent.1 et une par commande) dans un répertoire
help-agent-man--out = Le répertoire

man-section-name = Nom
man-section-synopsis = Synopsis
man-section-description = Description
man-section-version = Version
man-section-extra = Compléments
man-section-authors = Auteurs

## Erreurs d'analyse de la ligne de commande (clap).
clap-error = erreur
clap-tip = astuce
clap-more-info = Pour en savoir plus, essayez « --help ».
clap-unknown-argument = argument inattendu « { $arg } »
clap-tip-similar-arg = un argument semblable existe : « { $arg } »
clap-unknown-command = sous-commande inconnue « { $command } »
clap-tip-similar-command = une sous-commande semblable existe : « { $command } »
clap-tip-similar-value = une valeur semblable existe : « { $value } »
clap-missing-value = une valeur est nécessaire pour « { $arg } », mais aucune n'a été donnée
clap-invalid-value = valeur « { $value } » invalide pour « { $arg } » (valeurs possibles : { $valid })
clap-value-validation = valeur « { $value } » invalide pour « { $arg } » : { $reason }
clap-missing-argument = les arguments obligatoires suivants n'ont pas été donnés : { $args }
clap-missing-command = une commande est nécessaire
clap-conflict = l'argument « { $arg } » ne peut pas être employé avec « { $prior } »
clap-too-many-values = valeur inattendue « { $value } » pour « { $arg } » : aucune autre n'était attendue
clap-no-equals = un signe égal est nécessaire pour donner une valeur à « { $arg } »
clap-wrong-number-of-values = nombre de valeurs incorrect pour « { $arg } »
clap-used-twice = l'argument « { $arg } » ne peut pas être employé plusieurs fois

## Erreurs (src/cli/report.rs).
error-line = agent: erreur : { $message }
word-none = aucun
word-none-loaded = aucun chargé
word-pin = code PIN
word-passphrase = phrase secrète
word-password = mot de passe
word-the-terminal = le terminal
word-file-descriptor = le descripteur de fichier { $fd }
io-cannot-read = impossible de lire
io-cannot-write = impossible d'écrire
io-cannot-create-directory = impossible de créer le répertoire
io-cannot-create = impossible de créer
io-cannot-remove = impossible de supprimer
io-cannot-rename = impossible de renommer
io-cannot-render-man-page = impossible de produire la page de manuel
err-io = { $action } { $path } : { $reason }
err-no-pcsc = le service carte à puce (pcscd) n'est pas lancé ou pas joignable : démarrez-le (p. ex. `systemctl start pcscd`) et réessayez
err-no-reader = aucun lecteur de carte à puce trouvé : branchez un lecteur (et vérifiez que pcscd le voit avec `pcsc_scan`)
err-no-card = aucune carte dans le lecteur : insérez la carte CPx
err-no-card-in-reader = aucune carte dans le lecteur { $reader } : insérez la carte CPx
err-wait-timeout = aucune carte n'a été insérée en { $seconds } s : insérez la carte CPx et relancez la commande (ou augmentez --wait)
err-unknown-card = la carte du lecteur { $reader } (ATR { $atr }) n'est pas une carte CPx connue (CPS3 ou CPS4) : insérez la carte CPS, CPE ou CPA de l'administrateur
err-pcsc = erreur du lecteur de carte à puce : { $reason }
err-module-not-found = aucun module PKCS#11 trouvé ; essayés : { $tried }. Installez l'intergiciel Cryptolib CPS ou donnez --pkcs11-module CHEMIN (AGENT_PKCS11_MODULE)
err-module-load = le module PKCS#11 { $path } n'a pas pu être chargé : { $reason }
err-token-not-found = aucun jeton de carte ne correspond à { $wanted } ; jetons présents : { $present }. Vérifiez --token (un libellé ou une URI pkcs11:) et que la carte est insérée
err-card-not-readable = la carte { $model } du lecteur { $reader } (ATR { $atr }) est vue par PC/SC, mais l'intergiciel de la carte ({ $middleware }) ne montre aucun jeton pour elle : cet intergiciel ne sait pas lire la carte. Vérifiez que la Cryptolib CPS est installée et assez récente pour cette carte (une CPS4 demande la version 5.2 ou ultérieure) ; `agent card status` en dit plus
err-ambiguous-token = plusieurs jetons sont présents ({ $labels }) : choisissez-en un avec --token LIBELLÉ ou une URI pkcs11:
err-bad-uri = URI PKCS#11 { $uri } invalide : { $reason }
err-wrong-pin = code PIN faux : la carte l'a refusé. Rien n'a été réessayé ; vérifiez le code PIN avant de recommencer
err-wrong-pin-tries = code PIN faux : la carte l'a refusé ({ $tries ->
        [one] { $tries } essai restant
       *[other] { $tries } essais restants
    } avant le blocage de la carte). Rien n'a été réessayé ; vérifiez le code PIN avant de recommencer
err-pin-locked = le code PIN de la carte est bloqué : il doit être débloqué avec le code PUK (cartes CPS : avec l'outil de gestion CPS ou auprès de l'ANS) ; l'agent ne l'essaiera pas
err-final-try = il ne reste qu'un essai de code PIN sur cette carte : l'agent ne le dépense pas sans --allow-final-try (un code PIN faux bloquerait la carte)
err-card-pkcs11 = erreur de la carte (PKCS#11) pendant { $operation } : { $reason }
err-no-holder-certificate = la carte ne contient pas de certificat d'authentification (« Certificat d'Authentification CPS ») : est-ce bien une carte CPx ?
err-bad-holder-certificate = le certificat d'authentification de la carte est illisible : { $reason }
err-no-pin-source = aucune source de code PIN : l'entrée standard n'est pas un terminal ; donnez --pin-file FICHIER ou --pin-fd N (un code PIN n'est jamais accepté sur la ligne de commande)
err-secret-read = impossible de lire { $what } depuis { $from } : { $reason }
err-secret-empty = { $what } lu depuis { $from } est vide
err-pin-file-open = le fichier de { $what } { $path } est accessible à d'autres (mode { $mode }) : un fichier de { $what } ne doit être lisible que par son propriétaire, comme ssh l'exige des clés privées. Corrigez avec `chmod 600 { $path }`
err-key-store-attribute = l'URI de magasin de clés { $uri } contient { $attributes }, que l'agent n'utilise pas pour choisir un jeton : --key-store désigne le jeton sur lequel les clés sont créées (token=, serial=, manufacturer=, model=, slot-id=, slot-*, library-*), et chaque nouvelle clé reçoit un libellé et un identifiant propres. Retirez { $attributes }
err-secret-too-long = la première ligne de { $from } dépasse { $max } octets : ce n'est pas un { $what } ; vérifiez la source (seule la première ligne est lue)
err-pin-malformed = le code PIN lu depuis { $from } ne fait pas 4 à 16 chiffres ; vérifiez le fichier (seule la première ligne est lue)
err-config-read = impossible de lire le fichier de configuration { $path } : { $reason }
err-config-parse = fichier de configuration { $path } invalide : { $reason }
err-config-value = valeur de configuration invalide pour { $key } : { $reason }
err-ldap-bad-url = URL d'annuaire { $url } invalide : { $reason } ; donnez une URL ldap:// ou ldaps:// avec --ldap-url ou [annuaire] url
err-ldap-unreachable = l'annuaire CPS { $url } est injoignable : { $reason }. Vérifiez le réseau (port 389 ouvert vers l'annuaire) ou --ldap-url
err-ldap-connect-timeout = l'annuaire CPS { $url } n'a pas répondu en { $timeout } (connexion) : vérifiez le réseau, ou augmentez [annuaire] connect_timeout
err-ldap-search-timeout = l'annuaire CPS { $url } n'a pas terminé la recherche en { $timeout } : réessayez plus tard, ou augmentez [annuaire] search_timeout
err-ldap-refused = l'annuaire CPS { $url } a refusé la recherche sous { $base } : { $reason } (résultat LDAP { $code })
err-ldap-no-entry = l'annuaire CPS n'a aucune activité pour le RPPS { $rpps } sous { $base } ({ $url }) : vérifiez le RPPS et la branche (--branch test pour les cartes de test, --branch prod pour les vraies)
err-ldap-too-large = l'annuaire CPS { $url } a répondu plus que ce que l'agent lit pour un professionnel ({ $what } ; limites dans docs/security.md) : est-ce bien l'annuaire CPS ?
err-runtime = impossible de démarrer l'environnement réseau : { $reason }
err-key-unknown-algorithm = algorithme de clé { $value } inconnu : utilisez rsa2048 (celui des certificats ORG), rsa3072, rsa4096 ou p256
err-key-generate = la génération de clé a échoué ({ $reason }) ; cela ne devrait pas arriver : vérifiez que la source d'aléa du système fonctionne
err-key-scheme = une clé { $algorithm } ne peut pas signer avec { $scheme }
err-key-sign = la signature a échoué : { $reason }
err-key-bad-file = { $path } n'est pas une clé privée utilisable : { $reason }
err-key-cpx-token = le jeton { $label } contient un certificat de porteur de carte CPx ({ $kind }) : l'agent ne crée jamais les clés de la structure sur la carte personnelle de l'administrateur. Donnez à --key-store l'URI d'un jeton prévu pour les clés (le HSM de la structure, un jeton SoftHSM), ou omettez --key-store pour garder les clés en logiciel
err-key-no-token-in-uri = l'URI de magasin de clés { $uri } ne désigne aucun jeton : ajoutez token=<libellé> (ou serial=…), p. ex. pkcs11:token=ORG%20KEYS
err-key-token-not-found = aucun jeton ne correspond à l'URI de magasin de clés { $wanted } ; jetons présents : { $present }. Vérifiez le libellé du jeton dans --key-store et le module (module-path=…)
err-key-no-mechanism = le jeton { $label } ne sait pas { $what } (son module PKCS#11 n'offre pas { $mechanism }) : utilisez un jeton qui génère des clés RSA et signe en SHA-256, ou omettez --key-store pour garder les clés en logiciel
err-key-read-only = le jeton { $label } est protégé en écriture : impossible d'y créer des clés
err-key-not-found = aucune clé privée ne correspond à { $key } sur le jeton
err-key-pkcs11 = erreur du jeton du magasin de clés (PKCS#11) pendant { $operation } : { $reason }
err-key-no-pin-source = aucune source de code PIN pour le jeton du magasin de clés { $label } : ajoutez pin-source=file:/chemin/du/pin à l'URI de --key-store (p. ex. pkcs11:token=…?pin-source=file:/etc/agent/hsm.pin) ou renseignez [key_store] pin_file ; --pin-file et --pin-fd donnent le code PIN de la carte CPx et ne sont jamais envoyés à un autre jeton
err-key-bad-pin-source = le pin-source { $value } de l'URI du magasin de clés n'est pas un fichier : donnez pin-source=file:/chemin/absolu (un fichier de mode 0600 dont la première ligne est le code PIN)
err-key-wrong-pin = code PIN faux pour le jeton du magasin de clés { $label } (lu depuis { $from }) : le jeton l'a refusé. Rien n'a été réessayé, et plus rien n'est fait sur ce jeton pendant cette exécution ; vérifiez le fichier de code PIN du magasin de clés
err-key-pin-refused = le jeton du magasin de clés { $label } a refusé son code PIN plus tôt dans cette exécution : plus rien n'y est tenté ; vérifiez le fichier de code PIN du magasin de clés
err-dept-unknown = { $value } n'est pas un code de département français : utilisez 01 à 95, 2A ou 2B pour la Corse, ou 971 à 976 outre-mer (p. ex. --dept 75)
err-dept-corsica = la Corse a deux départements depuis 1976 : donnez --dept 2A (Corse-du-Sud) ou --dept 2B (Haute-Corse), ou le code postal
err-postal-code-shape = { $value } n'est pas un code postal français (cinq chiffres, p. ex. 75011)
err-postal-code-not-dept = le code postal { $value } n'est pas dans un département français (98xxx, c'est Monaco ou une collectivité du Pacifique) : donnez --dept explicitement si la structure est en France
err-postal-code-unknown = aucun département n'utilise le code postal { $value } : vérifiez-le, ou donnez --dept explicitement
err-dept-bad-state-name = { $value } n'a pas la forme « <Département> (NN) » avec un département connu
err-id-length = { $kind } { $value } invalide : { $found } caractères, un { $kind } en a { $expected }
err-id-character = { $kind } { $value } invalide : le caractère { $found } en position { $position } n'est pas permis ({ $allowed })
err-id-check-key = { $kind } { $value } invalide : clé de contrôle fausse ({ $rule }) ; cherchez un chiffre mal tapé ou interverti
err-id-type-digit = { $kind } { $value } invalide : type d'identifiant { $digit } inconnu (attendu : { $expected })
id-rule-finess-length = 9 (département, 6 chiffres, clé)
id-rule-9-digits = 9 chiffres
id-rule-siret-length = 14 chiffres (SIREN + NIC)
id-rule-11-digits = 11 chiffres
id-rule-rpps-rang-length = 14 chiffres (RPPS + rang sur 3 chiffres)
id-rule-9-characters = 9
id-rule-adeli-rang-length = 11 (ADELI + rang sur 2 chiffres)
id-rule-10-digits = 10 chiffres
id-rule-type-and-id = un chiffre de type et un identifiant
id-rule-8-rpps-0-adeli = 8 RPPS, 0 ADELI
id-rule-digits-only = chiffres uniquement
id-rule-department-digits = chiffres uniquement, sauf 2A ou 2B (Corse) en tête
id-rule-department-test-letter = chiffres uniquement, sauf 2A ou 2B (Corse) en tête ; une lettre à cet endroit est celle de la plateforme de test
id-rule-la-poste = La Poste : la somme des chiffres doit être un multiple de 5
id-rule-luhn-rpps = Luhn sur la partie RPPS de 11 chiffres
id-kind-card-number = numéro de carte
id-kind-structure-id = identifiant national de structure
id-kind-person-id = identifiant national de personne
err-cert-malformed = { $what } n'est pas un certificat X.509 valide : { $reason }
err-cert-unknown-format = { $file } : ni certificat, ni fichier PKCS#7 (.p7b/.p7c) ou PKCS#12 (.p12/.pfx), en PEM ou DER ({ $reason }) ; le téléchargement est-il complet ?
err-p12-password = { $file } : impossible d'ouvrir le fichier PKCS#12 : mot de passe faux, ou fichier endommagé
err-p12-too-many-keys = { $file } : le fichier PKCS#12 contient { $count } clés privées ; l'agent installe une clé par certificat : exportez chaque certificat avec sa clé séparément
err-cert-check = certificat { $serial } ({ $subject }) : { $reason }
err-cert-chain = certificat { $serial } ({ $subject }) : la chaîne ne remonte pas à une racine IGC Santé de confiance : { $reason }
err-no-trust-anchor = aucune ancre de confiance : les racines IGC Santé intégrées sont désactivées (--no-builtin-anchors ou pki.builtin_anchors = false) et aucune n'est configurée ; donnez --trust-anchor FICHIER (PEM) ou renseignez pki.trust_anchors, ou utilisez les racines intégrées (voir docs/install.md)
err-bad-trust-anchor = ancre de confiance { $file } : { $reason }
err-store-locked = le magasin { $root } est verrouillé par une autre exécution de l'agent (attente : { $waited } s) : attendez qu'elle se termine et réessayez
err-nothing-installed = rien n'est installé pour la structure { $structure }, usage { $usage }
err-no-previous-version = structure { $structure }, usage { $usage } : aucune version antérieure vers laquelle revenir
err-store-damaged = { $dir } : { $reason }
err-store-unreadable = impossible de lire le magasin { $path } : { $reason } ; vérifiez --home (AGENT_HOME) et que cet utilisateur a le droit de le lire
err-nothing-to-check = rien n'est installé ni commandé dans { $home } : rien à vérifier (--home est-il juste ? lancez d'abord `agent csr` et `agent import`)
err-unknown-structure = structure { $structure } : rien n'est installé ni commandé pour elle dans { $home } ; vérifiez l'identifiant et --home
err-bad-structure = { $value } n'est pas un identifiant national de structure
err-bad-window = fenêtre d'expiration { $value } invalide : { $reason } (utilisez une durée comme 30d, 8w ou 1440h)
err-notify-config = valeur de configuration invalide pour notify.{ $key } : { $reason }
err-notify-secret-file = { $path } : { $reason }
err-notify-state-damaged = l'état des notifications { $path } est endommagé : { $reason } ; mettez-le de côté pour repartir de zéro (des alertes déjà envoyées pourront alors l'être de nouveau)
err-notify-locked = une autre exécution de l'agent met à jour { $path } (attente : { $waited } s) ; réessayez plus tard
err-form413-invalid =
    le formulaire 413 ne peut pas être préparé, { $count ->
        [one] { $count } problème
       *[other] { $count } problèmes
    } :
    { $problems }
err-form413-read = impossible de lire les données du formulaire 413 { $path } : { $reason }
err-form413-parse = données du formulaire 413 { $path } invalides : { $reason } (voir docs/form413.example.toml)
err-form413-pdf = impossible de produire le PDF du formulaire 413 : { $reason }
err-pending-not-found = aucune commande en attente pour la structure { $structure } dans { $dir } : lancez d'abord `agent csr` pour elle
err-pending-exists = une commande en attente existe déjà pour la structure { $structure } ({ $dir }, créée le { $created }, usages { $usages }) ; ses clés sont nécessaires pour installer les certificats émis pour elle. Installez-les d'abord, ou relancez avec --replace pour la mettre de côté (elle est conservée sous pending/.replaced/) et commencer une nouvelle commande
err-pending-corrupt = la commande en attente { $path } est endommagée : { $reason } ; mettez-la de côté et relancez `agent csr`
err-unsafe-dir = refus de travailler dans { $path } : { $reason }. Quiconque peut y écrire peut y déposer une commande en attente qui serait soumise avec votre carte, ou remplacer une clé. Corrigez avec `{ $fix }`
err-csr-unknown-usage = usage { $value } inconnu : utilisez auth_cli, sign ou conf (séparés par des virgules, p. ex. --usage auth_cli,sign)
err-csr-duplicate-usage = l'usage { $usage } figure deux fois dans --usage
err-csr-empty-name = la raison sociale (--name) est vide : donnez le nom de la structure tel que l'annuaire ou le formulaire 413 le donne
err-csr-name-too-long = la raison sociale (--name) fait { $len } caractères ; les sujets IGC Santé en permettent { $max } au plus (organizationName X.520) : utilisez la forme courte enregistrée par la structure
err-csr-control-character = le champ { $field } contient un caractère de contrôle (tabulation, saut de ligne…) : donnez-le sur une ligne
err-csr-no-conf-service = la procédure DMP ne nomme aucun service applicatif pour CONF (le DMP n'utilise qu'AUTH_CLI et SIGN) : donnez le nom que vous saisirez sur le portail avec --conf-service NOM
err-csr-bad-service = le service applicatif { $value } est vide ou dépasse 64 caractères
err-csr-build = impossible de construire la demande de certificat : { $reason }
err-csr-self-check = la demande construite pour { $usage } n'est pas conforme au profil ORG ({ $reason }) ; rien n'a été écrit. Merci de signaler ce problème
err-est-trust-anchors = impossible d'utiliser les ancres de confiance de la plateforme { $path } : { $reason }. Donnez le fichier PEM de l'AC qui a émis le certificat TLS de la plateforme ([platform] est_ca ou --est-ca)
err-est-no-trust-anchors = aucune ancre de confiance n'est configurée pour le certificat TLS de la plateforme : renseignez [platform] est_ca (ou --est-ca) avec le fichier PEM de l'AC qui l'a émis ; l'agent ne se connecte jamais sans vérifier le serveur
err-est-client-credentials = impossible d'utiliser le certificat ou la clé client { $path } : { $reason }
err-est-card-key = la carte ne peut pas authentifier la connexion TLS : { $reason }
err-est-bad-url = URL de plateforme { $url } invalide : { $reason }. Donnez une URL https:// comme https://pfc.example/.well-known/est ([platform] est_url ou --est-url)
err-est-tls-setup = la configuration du client TLS ne peut pas être construite : { $reason }
err-est-server-not-trusted = la plateforme { $url } a présenté un certificat TLS que les ancres de confiance configurées n'acceptent pas ({ $reason }) ; rien n'a été envoyé. Vérifiez [platform] est_ca (--est-ca) et l'URL
err-est-client-rejected = la plateforme { $url } a refusé le certificat client pendant la poignée de main TLS ({ $reason }) : la carte (ou le certificat) n'y est pas acceptée ; vérifiez que c'est un certificat IGC Santé valide et non expiré
err-est-tls = la connexion TLS avec la plateforme { $url } a échoué : { $reason }
err-est-unreachable = la plateforme { $url } est injoignable ({ $tries ->
        [one] { $tries } essai
       *[other] { $tries } essais
    }) : { $reason }. Vérifiez l'URL, le réseau (proxy, pare-feu) et réessayez plus tard
err-est-timeout = la plateforme { $url } n'a pas répondu en { $timeout } ({ $tries ->
        [one] { $tries } essai
       *[other] { $tries } essais
    }). Réessayez plus tard, ou augmentez [platform] timeout
err-est-server-error = la plateforme { $url } a répondu HTTP { $status } ({ $tries ->
        [one] { $tries } essai
       *[other] { $tries } essais
    }) : { $reason }. La plateforme a un problème : réessayez plus tard
err-est-not-habilitated = la plateforme a refusé la commande (HTTP { $status }) : la carte n'est pas habilitée pour cette structure. Motif donné par la plateforme : { $reason }. Le représentant légal de la structure doit envoyer le formulaire 413 désignant le porteur de cette carte comme administrateur technique, et l'ANS doit confirmer l'habilitation par e-mail avant toute commande
err-est-refused = la plateforme a refusé la demande de certificat (HTTP 400) : { $reason }
err-est-unexpected-status = la plateforme a répondu HTTP { $status } à { $url } : { $reason }. Vérifiez [platform] est_url (--est-url)
err-est-bad-response = la réponse de la plateforme ({ $url }) est inutilisable : { $reason }
err-est-bad-csr = demande de certificat invalide : { $reason }
err-est-pending = la commande est en attente à la plateforme : relancez la commande dans { $retry } ou plus tard

## agent card
card-pin-locked = BLOQUÉ (à débloquer avec le code PUK)
card-pin-final-try = DERNIER ESSAI SEULEMENT (l'agent ne l'utilise pas sans --allow-final-try)
card-pin-count-low = un code PIN faux a été saisi depuis la dernière connexion ({ $tries ->
        [one] { $tries } essai restant
       *[other] { $tries } essais restants
    })
card-pin-ok = ok
card-readers = Lecteurs :
card-readers-none = (aucun vu par PC/SC)
card-reader-present = { $reader } : carte présente, ATR { $atr }, modèle { $model }
card-reader-empty = { $reader } : pas de carte
card-module-error = Module :    { $path } : { $reason }
card-module = Module :    { $description } { $version } de { $manufacturer } ({ $path }), { $count ->
        [one] { $count } emplacement
       *[other] { $count } emplacements
    }
card-module-slots =  : { $slots }
card-slot-token = jeton { $label }
card-slot-no-token = pas de jeton
card-token = Jeton :     { $label } (numéro de série { $serial })
card-pin = Code PIN :  { $state }
card-holder = Porteur :   { $last } { $first }
card-holder-kind = {"  "}type de carte        { $value }
card-holder-national-id = {"  "}identifiant national { $value }
card-holder-title = {"  "}titre                { $value }
card-holder-card-number = {"  "}numéro de carte      { $value }
card-holder-expires = {"  "}certificat           expire le { $value }
card-diagnosis = Diagnostic : { $text }
card-login-ok = Code PIN accepté par la carte { $label }.
card-login-ok-holder = Code PIN accepté par la carte { $label } pour { $first } { $last } ({ $kind }).
prompt-card-pin = Code PIN de la carte CPx (non affiché) :{" "}

## agent status
status-nothing-expires = { $days ->
        [one] Rien n'expire dans les { $days } jour à venir.
       *[other] Rien n'expire dans les { $days } jours à venir.
    }
status-cannot-write = impossible d'écrire le rapport : { $reason }
status-no-trust-anchors = aucune ancre de confiance (racines intégrées désactivées, aucune configurée) : seul le premier maillon de chaque chaîne a été vérifié (retirez --no-builtin-anchors / pki.builtin_anchors = false, ou donnez --trust-anchor, pour vérifier jusqu'à une racine IGC Santé)
status-window-days = { $n ->
        [one] { $n } jour
       *[other] { $n } jours
    }
status-window-hours = { $n ->
        [one] { $n } heure
       *[other] { $n } heures
    }
status-summary = { $rows ->
        [one] { $rows } ligne
       *[other] { $rows } lignes
    } : { $states } (fenêtre de { $window }).
status-summary-nothing = rien
status-col-structure = STRUCTURE
status-col-raison-sociale = RAISON SOCIALE
status-col-usage = USAGE
status-col-cn = CN
status-col-serial = NUMÉRO DE SÉRIE
status-col-not-before = DÉBUT
status-col-not-after = FIN
status-col-days = JOURS
status-col-state = ÉTAT
status-col-path = CHEMIN
json-cannot-encode = impossible de coder le JSON : { $reason }
warning-line = agent: avertissement : { $message }

## agent lookup
word-unknown = inconnu
lookup-card-not-cps = la carte insérée n'est pas une CPS portant un RPPS (carte { $kind }, identifiant national { $id }) : insérez la CPS du professionnel, ou donnez --rpps
lookup-card-kind-unknown = de type inconnu
lookup-rpps-from-card = RPPS { $rpps } lu sur la carte
lookup-usage-rpps = donnez --rpps RPPS ou --from-card
lookup-decision-malformed = illisible (entrée mal formée)
lookup-decision-order = { $kind } : commande avec son { $id }, formulaire 413 champs { $fields }
lookup-decision-order-find = { $kind } : commande avec son { $id } (à trouver), champs { $fields }
lookup-decision-excluded = { $kind } : exclu, suivre { $procedure }
lookup-decision-out-of-procedure = { $kind } : hors procédure
lookup-summary = Annuaire CPS { $url } ({ $base }), RPPS { $rpps } : { $count ->
        [one] { $count } activité
       *[other] { $count } activités
    }
lookup-col-ou = ou
lookup-col-type = type
lookup-col-raison-sociale = raison sociale
lookup-col-address = adresse
lookup-col-sector = secteur
lookup-col-decision = décision
lookup-same-name = { $count } activités s'appellent « { $name } » : distinguez-les par leur adresse.
lookup-rangs = { $count } cabinets en rang RPPS : { $forms } formulaires 413 ({ $max } rangs RPPS au plus par formulaire).
lookup-warning = ou { $ou } : { $text }

## agent form413
form413-admin-not-key-value = { $part } n'est pas de la forme CLÉ=VALEUR (clés : carte, nom, prenom, telephone, email)
form413-admin-unknown-key = clé { $key } inconnue (clés : carte, nom, prenom, telephone, email)
form413-ou-not-among = { $ou } ne figure pas parmi les activités du RPPS { $rpps } dans { $base } (voir `agent lookup --rpps { $rpps }`)
form413-entry-skipped = entrée d'annuaire { $ou } écartée : { $reason }
form413-excluded-follow = { $ou } ({ $name }) écartée : { $kind }, suivre { $procedure }
form413-excluded = { $ou } ({ $name }) écartée : { $kind }
form413-skipped = { $ou } écartée : { $reason }
form413-no-activity = le RPPS { $rpps } n'a aucune activité qui commande par cette procédure dans { $base } (voir `agent lookup --rpps { $rpps }`)
form413-no-raison-sociale = { $id } : pas de raison sociale ; écrivez --structure "{ $id }=RAISON SOCIALE" ou donnez --raison-sociale
form413-card-without-number = la carte ne donne pas son numéro : donnez plutôt l'administrateur avec --admin "carte=…;…"
form413-admin-from-card = administrateur technique lu sur la carte : { $first } { $last } ({ $kind }, carte { $card })
form413-ou-needs-rpps = ou = […] demande rpps = "…" (ou --rpps)
form413-cannot-encode = impossible de coder le formulaire 413 en JSON : { $reason }
form413-left-over = { $path } reste d'une exécution précédente et ne fait pas partie de cette demande
form413-prepared = { $count ->
        [one] { $count } formulaire 413 préparé
       *[other] { $count } formulaires 413 préparés
    } (et leur version JSON à côté).
form413-sign-and-send = Faites signer chaque formulaire par le représentant légal ({ $first } { $last }), puis envoyez-le par e-mail à { $email }.
form413-habilitation-mail = La structure et l'administrateur technique seront informés par e-mail de l'habilitation à commander les certificats.

## agent import, export, rollback, list
prompt-p12-password = Mot de passe du fichier PKCS#12 (non affiché) :{" "}
import-target-failed = { $structure } { $usage } : installé dans le magasin, mais { $reason }
import-installed = Installé : { $product } (CN { $cn }) pour { $structure } ({ $name }) : numéro de série { $serial }, expire le { $expires }, version { $version }.
import-live-files = fichiers en service : { $files }
import-already-installed = Déjà installé : { $usage } pour { $structure } (numéro de série { $serial }) ; rien n'a changé.
import-one-usage = donnez un seul usage, pas { $value }
export-key-on-token = la clé de { $structure } { $usage } est sur un jeton PKCS#11 ({ $uri }) : elle ne peut pas être exportée
export-wrote = { $path } écrit.
export-store-passphrase = sa phrase secrète est celle du magasin : { $path }
rollback-done = Retour arrière pour { $structure } { $usage } : la version en service est maintenant la { $to } (au lieu de la { $from }), numéro de série { $serial }, expire le { $expires }.
rollback-expired = cette version a expiré
list-nothing = Rien n'est installé dans { $path }.
list-serial = série { $serial }
list-expires = expire le { $date }

## agent check
check-no-auth-cli = aucun certificat AUTH_CLI n'est installé : lancez d'abord `agent enroll` ou `agent import`
check-no-auth-cli-for = aucun certificat AUTH_CLI n'est installé pour { $structure } : lancez d'abord `agent enroll` ou `agent import`
check-several = plusieurs structures ont un certificat AUTH_CLI ({ $structures }) : choisissez-en une avec --structure
check-key-on-token = cette clé AUTH_CLI est sur un jeton PKCS#11 : `agent check` ne teste que les clés logicielles ; testez avec le logiciel DMP
check-connected = Connecté à { $url } avec le certificat AUTH_CLI de { $structure } (numéro de série { $serial }).
check-tls = TLS :     { $version } { $suite }
check-server = serveur : { $subject }
check-http = HTTP :    { $code } (le serveur a accepté le certificat client)
check-no-http = HTTP :    pas de réponse HTTP (la poignée de main s'est terminée)

## agent notify
notify-no-channel = aucun canal dans [notify] (email, webhook, command) : rien n'est envoyé ni mémorisé ; voir docs/configuration.md
notify-channel-failed = un canal a échoué : { $kept ->
        [one] { $kept } alerte gardée
       *[other] { $kept } alertes gardées
    }, envoyées à la prochaine exécution (code de sortie { $code })
notify-dry-run = Essai à blanc : rien n'est envoyé ni mémorisé.
notify-dry-run-no-channel = Aucun canal n'est configuré dans [notify] : ces alertes n'iraient nulle part.
notify-no-channel-short = (aucun canal)
notify-would-send = enverrait : { $subject } -> { $to }
notify-would-send-kept = enverrait (gardée d'une exécution précédente) : { $subject } -> { $to }
notify-sent = envoyée par { $channels } : { $subject }
notify-not-sent = NON envoyée par { $channel } : { $subject } ({ $reason }) ; gardée pour la prochaine exécution
notify-summary = { $checked ->
        [one] { $checked } certificat installé vérifié
       *[other] { $checked } certificats installés vérifiés
    } : { $new ->
        [one] { $new } nouvelle alerte
       *[other] { $new } nouvelles alertes
    }, { $kept ->
        [one] { $kept } gardée
       *[other] { $kept } gardées
    } pour la prochaine exécution.

## agent inspect (et csr --show)
inspect-what-csr = Demande de certificat (PKCS#10)
inspect-what-cert = Certificat
inspect-heading = { $what } : { $file }
inspect-subject = Sujet :
inspect-multi-valued = , RDN à plusieurs valeurs
inspect-issuer = Émetteur :
inspect-valid = Validité :
inspect-valid-range = du { $from } au { $to }
inspect-key = Clé :
inspect-key-value = { $algorithm } (SHA-256 de la clé publique : { $sha })
inspect-signature = Signature :
inspect-signature-verifies = , vérifiée
inspect-signature-fails = , NE SE VÉRIFIE PAS
inspect-critical = {" "}(critique)
inspect-not-critical = {" "}(non critique)
inspect-requested-key-usage = Usage de clé demandé :                   { $list }{ $critical }
inspect-certified-key-usage = Usage de clé certifié :                  { $list }{ $critical }
inspect-requested-eku = Usage étendu de clé (EKU) demandé :      { $list }
inspect-certified-eku = Usage étendu de clé (EKU) certifié :     { $list }
inspect-other-extensions = Autres extensions : { $list }
inspect-other-attributes = Autres attributs : { $list }
inspect-usage = Usage :
inspect-usage-unknown = inconnu (keyUsage et extendedKeyUsage ne correspondent à aucun usage ORG)
inspect-profile = Profil ORG :
inspect-fits-product = conforme au profil { $product }
inspect-fits = conforme
inspect-does-not-fit-product = NON conforme au profil { $product }
inspect-does-not-fit = NON conforme au profil ORG
inspect-chain = Chaîne :
inspect-chain-verified = vérifiée jusqu'à { $anchor }
inspect-chain-fails = NE SE VÉRIFIE PAS : { $reason }
card-waiting = attente d'une carte CPx, { $seconds } s au plus…
card-waiting-reader = attente d'un lecteur et d'une carte CPx, { $seconds } s au plus…
interrupted = agent: interrompu : { $count ->
        [one] { $count } commande inachevée de cette exécution supprimée
       *[other] { $count } commandes inachevées de cette exécution supprimées
    }, ainsi que { $keys ->
        [one] { $keys } paire de clés qu'elle avait créée sur un jeton
       *[other] { $keys } paires de clés qu'elle avait créées sur un jeton
    } (rien n'a été soumis ni installé)
interrupted-keys-left = agent: interrompu : { $count ->
        [one] { $count } paire de clés créée par cette exécution n'a pas pu être supprimée du jeton
       *[other] { $count } paires de clés créées par cette exécution n'ont pas pu être supprimées du jeton
    } : listez-les avec `pkcs11-tool --list-objects` (libellé « ORG <USAGE> <structure> <horodatage> ») et supprimez-les

## Étapes du portail (csr, enroll --portal, renew sans plateforme) et résultats
portal-prepared = Préparé pour la structure { $structure } ({ $name }) ; la commande est conservée dans { $dir }
portal-subject = Sujet : { $subject }
portal-step-login = Connectez-vous à la plateforme IGC Santé { $url } avec votre carte CPx dans le lecteur.
portal-step-order = Commandez le produit « { $product } » (offre certificat logiciel ORG, personne morale) pour la structure { $structure }.
portal-step-service = À l'étape 3, saisissez exactement le service applicatif : { $service }
portal-step-csr = Quand la demande de certificat (CSR) est demandée, donnez le fichier { $file } (PKCS#10, PEM).
portal-step-import = Une fois le certificat émis, installez-le avec `agent import FICHIER`.
portal-key = Clé (à conserver ; le certificat en a besoin) : { $key }
outcome-installed = installé
outcome-already-installed = déjà installé
outcome-pending = en attente à la plateforme : relancez `agent enroll --resume` dans { $seconds } s ou plus tard
outcome-portal = demande prête : commandez-la sur le portail, puis `agent import`
outcome-failed = ÉCHEC : { $reason }
outcome-structure-error = { $structure } { $usage } : { $reason }

## Connexion à la carte, plateforme, structures (enroll, renew, csr)
login-card-in = carte dans { $reader } : { $model }
login-logging-in = connexion à la carte (une seule saisie du code PIN pour toute l'exécution)
login-logged-in = connecté : { $first } { $last } ({ $kind })
platform-give-est-ca = donnez --est-ca FICHIER (ou [platform] est_ca) : les racines auxquelles le certificat TLS de la plateforme doit remonter
est-retry = l'essai { $failed }/{ $tries } a échoué ({ $reason }) ; nouvel essai dans { $wait } s
structure-arg-invalid = --structure { $value } : { $reason }
structure-arg-invalid-test = --structure { $value } : { $reason } (un identifiant de test de la branche de test de l'annuaire demande --allow-test-ids)
structure-test-id = la structure { $structure } est acceptée comme identifiant de test : { $reason }
structure-not-ordering-id = la structure { $structure } est identifiée par son { $kind } ; la procédure DMP commande avec un FINESS (pharmacies), un SIRET (sociétés d'exercice) ou un rang RPPS (cabinets individuels, SCM)
structure-not-among = la structure { $structure } ne figure pas parmi les activités du RPPS { $rpps } dans l'annuaire CPS ({ $url }) : vérifiez --structure, ou donnez --name
structure-from-directory = structure { $structure } dans l'annuaire CPS : raison sociale { $name }
structure-name-required = --name est obligatoire : donnez la raison sociale de la structure { $structure } telle que l'annuaire la donne (`agent lookup` l'affiche comme raisonSociale) ou telle que sur le formulaire 413, ou --rpps RPPS pour la prendre dans l'annuaire
dept-from-directory = code postal { $code } dans l'adresse de l'annuaire → ST={ $state }
dept-from-postal-code = code postal { $code } → ST={ $state }
dept-none = ni --dept ni --postal-code n'a été donné : les demandes n'ont pas de ST (l'IGC Santé y écrit « <Département> (NN) ») ; donnez l'un des deux pour correspondre aux certificats qu'elle émet
csr-give-structure = donnez --structure ID
csr-conf-service-ignored = --conf-service est ignoré : conf n'est pas dans --usage
enroll-file-line = { $file } ligne { $line } : { $reason }
enroll-name-one-structure = --name et --dept valent pour une seule structure : donnez plusieurs structures dans --structures-file avec leur raison sociale
enroll-give-structure = donnez --structure ID (répétable) ou --structures-file FICHIER
enroll-nothing-to-order = { $structure } : rien à commander (déjà installé et valide)
enroll-nothing-to-order-renew = { $structure } : rien à commander (déjà installé et valide ; `agent renew` renouvelle)

## agent renew
renew-platform-portal = portail (aucune URL EST configurée) : les demandes sont préparées pour le portail
renew-dry-run = Essai à blanc : rien ne sera modifié.
renew-checked = { $checked ->
        [one] { $checked } certificat installé vérifié
       *[other] { $checked } certificats installés vérifiés
    } ; à renouveler dans les { $within } : { $due }.
renew-due-line = { $structure } { $usage } ({ $name }) : numéro de série { $serial }, expire le { $expires } ({ $days ->
        [one] { $days } jour
       *[other] { $days } jours
    }), { $reason } ; nouvelle clé dans { $store }
renew-new-cn-differs = nouvelle demande CN { $service } (le nom de la procédure ; le certificat en service porte { $cn })
renew-new-cn = nouvelle demande CN { $service }
renew-reason-expiring = expire bientôt
renew-reason-expired = expiré
renew-reason-invalid = invalide
renew-new-key = nouvelle clé { $algorithm } (comme la commande du certificat en service)
renew-platform = Plateforme : { $platform }
renew-deploy-hook = Hook de déploiement : { $hook }
renew-no-hook = (aucun)
renew-nothing-due = Rien à renouveler : { $checked ->
        [one] { $checked } certificat installé vérifié
       *[other] { $checked } certificats installés vérifiés
    }, aucun n'expire dans les { $within }.
renew-preparing = { $due ->
        [one] { $due } certificat à renouveler
       *[other] { $due } certificats à renouveler
    } dans { $structures ->
        [one] { $structures } structure
       *[other] { $structures } structures
    } : nouvelles clés et demandes
renew-running-hook = { $structure } { $usage } : lancement du hook de déploiement
renew-hook-failed = { $reason } ; le nouveau certificat reste installé
renew-hook-failed-exit = renouvelé, mais un hook de déploiement a échoué (code de sortie 1)
renew-cannot-record = impossible d'enregistrer l'échec du renouvellement pour agent notify : { $reason }
renew-alert-not-sent = alerte d'échec du renouvellement non envoyée : { $reason }
renew-alert-channel-failed = l'alerte d'échec du renouvellement n'a pas pu être envoyée par tous les canaux ; `agent notify` l'enverra à sa prochaine exécution ({ $kept } gardée(s))
renew-alert-sent = alerte envoyée : { $subject }
help-agent-enroll--conf-service = Service applicatif (CN) pour conf, que la procédure DMP ne nomme pas : le nom que vous saisissez sur le portail (comme `agent csr --conf-service`)

## check reasons and details (h-details)

# Raisons des vérifications de certificat (certificate::CheckReason).
cr-insi = le CN est { $cn } : c'est un certificat INSi (INSi exige INSI-AUTO ou INSI-MANU), pas un certificat DMP ; gardez-le pour le client INSi, l'agent gère les certificats ORG du DMP
cr-other-service = le CN est { $cn }, la procédure exige { $want } (le service applicatif du produit { $product })
cr-service-needs-adopt = { $reason } (pour prendre en gestion un certificat qui porte un autre nom, importez-le avec --adopt)
cr-issued-for-structure = il a été émis pour la structure { $ou } (OU), pas pour { $structure }
cr-not-fr = C n'est pas FR
cr-not-yet-valid = il n'est pas encore valide (à partir du { $from }) ; vérifiez l'horloge du système
cr-expired = il a expiré le { $on }
cr-other-usage = c'est un certificat { $found } ({ $exts }), pas un certificat { $offered } : importez-le comme { $usage }
cr-no-usage = ses { $exts } ne correspondent à aucun usage ORG (AUTH_CLI : digitalSignature + clientAuth ; SIGN : digitalSignature, nonRepudiation + emailProtection ; CONF : keyEncipherment)
cr-no-ou = pas d'OU (identifiant national de structure)
cr-bad-ou = son OU n'est pas un identifiant national de structure : { $reason }
cr-bad-ou-test = son OU n'est pas un identifiant national de structure : { $reason } (un identifiant de la plateforme de test demande --allow-test-ids)
cr-other-structure = il est pour la structure { $found }, pas pour { $wanted }
cr-pending-other-structure = il correspond à la commande en attente de la structure { $other }, pas de { $wanted }
cr-key-not-in-files = sa clé privée n'est pas dans les fichiers : donnez le fichier PKCS#12 qui la contient, ou --key FICHIER (PKCS#8 PEM)
cr-no-pending-key = sa clé publique ne correspond à aucune clé en attente : a-t-il été émis pour une demande faite par `agent csr` dans ce --home ? (un certificat pour une autre clé ne peut pas être installé ; pour prendre en gestion un certificat existant avec sa propre clé, utilisez --adopt avec son PKCS#12 ou --key FICHIER)
cr-pending-key-not-on-disk = la clé en attente n'est pas sur le disque
cr-ordered-as = il a été commandé comme { $ordered }, pas comme { $offered }
cr-two-for-slot = deux certificats pour la structure { $structure }, usage { $usage }, dans un même import : importez-les un par un
# keyUsage / extendedKeyUsage comparés au profil (profile::UsageProblem, UsageWarning).
exts-describe = keyUsage { $ku }, extendedKeyUsage { $eku }
exts-none = (aucun)
up-lacks-key-usage = le keyUsage { $have } n'a pas { $bit }, requis pour { $product } (est-ce un certificat d'un autre usage ?)
up-lacks-eku = l'extendedKeyUsage { $have } n'a pas { $eku }, requis pour { $product }
up-conflict = il porte { $carries } : ce n'est pas un certificat { $product } ({ $exts })
up-conflict-other = il porte { $carries } : c'est un certificat { $other }, pas un certificat { $product } ({ $exts })
up-ca-bit = le keyUsage porte { $bit } : c'est le propre d'un certificat d'autorité
uw-not-critical = le keyUsage n'est pas critique (IGC Santé le marque critique)
uw-extra-key-usage = le keyUsage a aussi { $extra } : le profil { $product } est { $profile }
uw-extra-eku = l'extendedKeyUsage a aussi { $extra } : le profil { $product } est { $profile }
# Vérification de la chaîne (certificate::ChainReason).
chr-unknown-issuer = il n'est pas signé par une autorité de certification de confiance (émetteur inconnu) : vérifiez que le fichier vient de la plateforme IGC Santé et que les ancres de confiance sont les racines IGC Santé
chr-unknown-issuer-test = il n'est pas signé par une autorité de certification de confiance (émetteur inconnu) : vérifiez que le fichier vient de la plateforme IGC Santé et que les ancres de confiance sont les racines IGC Santé ; son émetteur est une autorité de certification de TEST : les ancres de la plateforme de TEST ne sont utilisées qu'avec --test-pki (ou pki.test_pki = true)
chr-expired = un certificat de la chaîne a expiré
chr-not-valid-yet = un certificat de la chaîne n'est pas encore valide (vérifiez l'horloge du système)
chr-bad-signature = une signature de la chaîne est invalide (le fichier a été modifié, ou la chaîne est fausse)
chr-wrong-eku = l'usage étendu de la clé (extendedKeyUsage) ne correspond pas à cet usage ORG
chr-ca-as-end-entity = c'est un certificat d'autorité, pas un certificat ORG
# Séparateur des raisons sur une ligne.
detail-separator = {"\u00A0; "}
# agent inspect : noms et détails des vérifications (csr::InspectDetail).
ic-name-subject = sujet
ic-name-key = clé
ic-name-signature-algorithm = algo. de signature
ic-name-signature = signature
ic-name-usage = usage
ic-name-other-extensions = autres extensions
ic-name-other-attributes = autres attributs
ic-multi-valued-rdn = un RDN à plusieurs valeurs : chaque attribut doit être son propre RDN
ic-subject-in-order = C, ST, O, OU, CN dans cet ordre
ic-subject-in-order-no-st = C, O, OU, CN dans cet ordre (sans ST)
ic-subject-found = trouvé { $names } ; attendu C, ST, O, OU, CN dans cet ordre et rien d'autre
ic-country-wrong = { $value } ({ $stype }) ; attendu FR en PrintableString
ic-missing-c = absent ; attendu C=FR
ic-missing-st = absent : IGC Santé écrit le département, « <Département> (NN) »
ic-missing-o = absent ; attendu la raison sociale
ic-missing-ou = absent ; attendu l'identifiant national de structure
ic-missing-cn = absent ; attendu le service applicatif
ic-st-not-utf8 = { $value } est une { $stype } ; attendu UTF8String
ic-not-utf8 = une { $stype } ; attendu UTF8String
ic-surrounding-blanks = des blancs autour
ic-ou-test = { $value } est un identifiant de test : { $rule }
ic-cn-ok = { $cn } (le service applicatif du produit { $product })
ic-cn-no-usage = { $cn } : aucun usage auquel le comparer (voir la vérification de l'usage)
ic-key-not-rsa2048 = { $key } : les produits ORG de la plateforme sont en RSA 2048
ic-signature-algorithm = { $algorithm } ; attendu SHA-256 (sha256WithRSAEncryption ou ecdsa-with-SHA256)
ic-self-signature-ok = l'autosignature de la demande se vérifie
ic-self-signature-bad = l'autosignature ne se vérifie pas
ic-usage-ok = { $ku } (critique) + { $eku } : { $product }
ic-no-eku = pas d'extendedKeyUsage
ic-profile-line = { $ku } (critique) + { $eku }
ic-profile-line-no-eku = { $ku } (critique), pas d'extendedKeyUsage
ic-no-usage = { $exts } ne correspondent à aucun usage ORG (AUTH_CLI : { $auth } ; SIGN : { $sign } ; CONF : { $conf })
ic-no-usage-cn = { $exts } ne correspondent à aucun usage ORG (AUTH_CLI : { $auth } ; SIGN : { $sign } ; CONF : { $conf }) ; le CN désigne { $product }, dont le profil est { $profile }
ic-no-other-extensions = aucune (pas de subjectAltName, pas d'e-mail)
ic-other-extensions = { $list } : le profil ORG n'en a pas
ic-no-other-attributes = aucun
ic-other-attributes = { $list } : la demande ne doit porter que ses extensions
ic-subject-alt-name = présent : le profil ORG n'en a pas
# agent status : les raisons sous le tableau (status::Detail).
sd-cannot-open = impossible d'ouvrir { $path } : { $reason }
sd-cannot-read = impossible de lire { $path } : { $reason }
sd-no-certificate-block = { $file } : aucun bloc CERTIFICATE
sd-not-pem = { $file } : pas du PEM : { $reason }
sd-not-a-certificate = { $file } : pas un certificat valide : { $reason }
sd-other-structure = cert.pem est pour la structure { $ou } (son OU), pas pour { $structure }
sd-ca-certificate = cert.pem est un certificat d'autorité, pas un certificat ORG
sd-usage = cert.pem : { $reason }
sd-key-mismatch = privkey.pem ne correspond pas à cert.pem
sd-key-unreadable = privkey.pem : { $reason }
sd-key-uri-not-pkcs11 = key.uri n'est pas une URI pkcs11:
sd-no-private-key = aucune clé privée (privkey.pem ou key.uri)
sd-chain-starts-with = chain.pem commence par { $first }, pas par l'émetteur de cert.pem ({ $issuer })
sd-chain-not-signed = le premier certificat de chain.pem n'a pas signé cert.pem (le fichier a été modifié, ou la chaîne est fausse)
sd-not-valid-before = pas valide avant le { $from } (vérifiez l'horloge du système)
sd-targets-failed = installé, mais { $failures }
sd-pending = commandé le { $created } ({ $product }) ; importez le certificat avec `agent import` une fois que la plateforme l'a émis
sd-missing = { $have } est là mais pas { $need } : le DMP a besoin des deux ; commandez-le avec `agent csr --structure { $structure } --usage { $usage }`
# agent card status : diagnostic et avertissements (card::why).
cd-pcsc-unreadable = PC/SC n'a pas pu être lu ({ $reason }) ; les middlewares de carte (Cryptolib CPS, OpenSC) atteignent la carte par pcscd, ils ne voient donc aucune carte sans lui
cd-no-middleware = une carte { $model } est dans { $reader }, mais aucun middleware de carte n'a été trouvé : installez Cryptolib CPS (le middleware de l'ANS) ou donnez --pkcs11-module
cd-no-middleware-cps4 = une carte { $model } est dans { $reader }, mais aucun middleware de carte n'a été trouvé : installez Cryptolib CPS (5.2 ou plus récent pour une CPS4) ou donnez --pkcs11-module
cd-slot-empty = le middleware { $middleware } montre vide l'emplacement du lecteur { $reader } : la carte n'est pas lisible par ce middleware
cd-token-without-cpx = le middleware { $middleware } montre dans le lecteur { $reader } un jeton qui ne porte aucun certificat de carte CPx
cd-slots-without-token = le middleware { $middleware } montre { $count ->
        [one] { $count } emplacement sans jeton
       *[other] { $count } emplacements sans jeton
    } : la carte n'est pas lisible par ce middleware
cd-no-slot-for = le middleware { $middleware } n'a pas d'emplacement pour le lecteur { $reader }
cd-old-cryptolib = une carte CPS4 demande Cryptolib CPS { $need } ou plus récent ; celui-ci est en { $version } : mettez à jour le middleware (ANS, espace CPS)
cd-no-cryptolib = une carte CPS4 se lit avec le middleware Cryptolib CPS { $need } ou plus récent, qui n'était pas parmi les modules chargés : installez-le, ou donnez son chemin avec --pkcs11-module
cd-unknown-atr = la carte dans { $reader } a l'ATR { $atr }, qui n'est ni celui d'une CPS3 ni celui d'une CPS4
cw-pcsc-but-token = { $reason } (le jeton PKCS#11 a quand même été trouvé)
cw-test-holder-id = l'identifiant national du porteur { $id } est un identifiant de la plateforme de test ({ $rule }) : les commandes qui l'utilisent demandent --allow-test-ids
# formulaire 413 : problèmes de champ trouvés par form413::validate (form413::FieldProblem).
fl-raison-sociale = raison sociale (champ a, dénomination de la structure)
fl-nom = nom
fl-prenom = prénom
fl-telephone = téléphone
fl-email = e-mail professionnel
fl-editeur = éditeur de la solution (4.2)
fl-solution = solution utilisée (4.2)
fl-version = version déployée (4.2)
fp-no-structure = aucune structure : donnez --structure ID (ou [[structure]] id = …), ou --rpps pour les prendre dans l'annuaire CPS
fp-required = { $what } : obligatoire
fp-too-long = { $what } : trop long (200 caractères au plus)
fp-control = { $what } : contient un caractère de contrôle (saut de ligne, tabulation…)
fp-id-required = l'identifiant national de structure est obligatoire (1 + FINESS, 3 + SIRET, 4 + RPPS rang)
fp-bad-id-test = { $reason } (données de test : --allow-test-ids)
fp-other-procedure = { $id } : les structures de type { $kind } n'utilisent pas cette procédure, suivez { $procedure }
fp-bad-phone = { $value } n'est pas un numéro de téléphone (par exemple 01 23 45 67 89 ou +33 1 23 45 67 89)
fp-bad-email = { $value } n'est pas une adresse e-mail
fp-card-required = le N° de carte (10 chiffres, imprimé sur la carte CPx) est obligatoire
fp-qualite-missing = indiquez si le signataire est le responsable légal ou un mandataire (responsable_legal | mandataire)
fp-qualite-bad = { $value } : attendu responsable_legal ou mandataire
fp-no-admin = au moins un administrateur technique (section 4.1) est obligatoire : --admin, --admin-from-card ou [[administrateur]]
fp-admin-qualite = qualite ne concerne que le représentant
fp-incomplete = incomplet
id-test-accepted = identifiant de test accepté (--allow-test-ids) : { $rule }
fp-field = { $field } : { $problem }
status-detail-colon = {"\u00A0: "}
# La table de décision des structures (structure::DecisionWarning).
dw-sector-not-covered = le secteur d'activité { $sector } n'est pas couvert par cette procédure (pharmacies, SA07, SA08, SA09) : demandez à l'ANS ({ $email }) quelle procédure s'applique
dw-sector-not-covered-label = le secteur d'activité { $sector } ({ $label }) n'est pas couvert par cette procédure (pharmacies, SA07, SA08, SA09) : demandez à l'ANS ({ $email }) quelle procédure s'applique
dw-finess-assumed-pharmacy = aucun secteur d'activité donné : un FINESS est pris pour le FINESS géographique d'une pharmacie ; un GIE (SA04), un GCS (SA30) ou un laboratoire suit une autre procédure
dw-siret-assumed-societe = aucun secteur d'activité donné : un SIRET est pris pour celui d'une société d'exercice (SA09)
dw-id-type-not-covered = une structure connue par son seul { $kind } n'est pas couverte par cette procédure : les pharmacies commandent avec leur FINESS géographique, les sociétés d'exercice avec leur SIRET, les cabinets avec leur RPPS rang
dw-orders-with-other = une structure de type { $kind } commande avec son { $want }, mais cette structure est inscrite avec un { $have } : trouvez son { $want } avant de remplir le formulaire 413
dw-orders-with-other-fse = une structure de type { $kind } commande avec son { $want }, mais cette structure est inscrite avec un { $have } : trouvez son { $want } (celui sur lequel ses feuilles de soins électroniques sont facturées) avant de remplir le formulaire 413
odd-validity = valide { $days } jours, pas environ 3 ans comme les certificats ORG d'IGC Santé

## order progress and notifications (h-prog)
order-step-using-fetched = { $structure } { $usage } : utilisation du certificat déjà récupéré
order-step-sending = { $structure } { $usage } : envoi de la demande à la plateforme ({ $operation })
order-step-completing-chain = complément de la chaîne avec les certificats d'AC de la plateforme (/cacerts)
order-step-installing = { $structure } : vérification et installation de ce que la plateforme a émis
order-warn-key-algorithm = des clés { $algorithm } ont été demandées : les produits ORG de la plateforme sont en RSA 2048, et elle peut refuser d'autres clés
order-warn-unused-token-key = impossible de supprimer du jeton la clé inutilisée { $uri } : { $reason }
order-failed-targets = installé, mais { $reasons }
err-key-store-spec = --key-store { $value } : donnez « software » ou une URI pkcs11: qui désigne un jeton
cert-warn-adopted = certificat { $serial } : { $reason } ; il est adopté tel quel, et `agent renew` commande son successeur avec le nom obligatoire
cert-warn-usage = certificat { $serial } : { $reason }
cert-warn-validity = certificat { $serial } : { $reason }
cert-warn-test-id = certificat { $serial } : l'OU { $ou } est un identifiant de test ({ $reason }), accepté grâce à --allow-test-ids
id-test-warning = identifiant de test accepté (--allow-test-ids) : { $reason }
store-lock-waiting = une autre exécution de l'agent modifie le magasin ; attente…
prompt-key-store-pin = Code PIN du jeton de magasin de clés { $label } (non affiché) :{" "}
notify-days-unknown = jours restants inconnus
notify-days-left = { $days ->
    [one] { $days } jour restant
   *[other] { $days } jours restants
}
notify-days-less-than-one = moins d'un jour restant
notify-days-ago = { $days ->
    [one] expiré depuis { $days } jour
   *[other] expiré depuis { $days } jours
}
notify-subject-threshold = [agent] { $structure } { $name } : le certificat ORG { $usage } expire bientôt ({ $days })
notify-subject-expired = [agent] { $structure } { $name } : certificat ORG { $usage } EXPIRÉ ({ $days })
notify-subject-invalid = [agent] { $structure } { $name } : certificat ORG { $usage } INUTILISABLE ({ $days })
notify-subject-renew-failed = [agent] { $structure } { $name } : ÉCHEC du renouvellement ORG { $usage } ({ $days })
notify-subject-target-failed = [agent] { $structure } { $name } : copie du certificat ORG { $usage } NON ÉCRITE ({ $days })
notify-body-cert = certificat ORG { $usage } de la structure { $structure } ({ $name }) sur l'hôte { $host }
notify-body-in-days = { $days ->
    [one] { $days } jour
   *[other] { $days } jours
}
notify-body-less-than-a-day = moins d'un jour
notify-body-threshold = Le { $cert } expire dans { $within } (seuil { $threshold }).
notify-body-expired = Le { $cert } a EXPIRÉ : le DMP le refuse.
notify-body-invalid = Le { $cert } est INUTILISABLE : { $detail }.
notify-body-renew-failed = Le renouvellement du { $cert } a ÉCHOUÉ : { $detail }.
notify-body-target-failed = Une copie du { $cert } que lit le logiciel DMP n'a pas pu être écrite : { $detail }.
notify-see-status = voir `agent status`
notify-see-renew-log = voir le journal de `agent renew`
notify-body-certificate = Certificat :
notify-field-cn = CN :
notify-field-serial = Numéro de série :
notify-field-not-after = Fin de validité :
notify-field-days-left = Jours restants :
notify-field-renew-after = Renouveler après :
notify-field-state = État :
notify-field-live = Version en service :
notify-body-what-to-do = Que faire :
notify-do-invalid-1 = 1. Voir ce qui ne va pas :           agent status --structure { $structure }
notify-do-invalid-2 = 2. Revenir à la version précédente : agent rollback --structure { $structure } --usage { $arg }
notify-do-invalid-3 = ou le renouveler :                agent renew --structure { $structure }
notify-do-target-1 = 1. Voir quelle copie a échoué et pourquoi : agent status --structure { $structure }
notify-do-target-2 = 2. Corriger la cible (espace disque, droits, base NSS), puis importer à nouveau.
notify-do-renew-failed-1 = 1. Vérifier que la carte CPx est dans le lecteur et que le fichier du code PIN est lisible.
notify-do-renew-failed-2 = 2. Lancer le renouvellement à la main pour voir l'erreur : agent renew --structure { $structure }
notify-do-renew-failed-3 = 3. Vérifier le résultat :                                  agent status --structure { $structure }
notify-do-automatic-1 = 1. Avec la carte CPx dans le lecteur : agent renew --structure { $structure }
notify-do-automatic-2 = (la minuterie de renouvellement le fait sans surveillance quand elle dispose d'un fichier de code PIN)
notify-do-automatic-3 = 2. Vérifier le résultat :              agent status --structure { $structure }
notify-do-portal-0 = Ici, le renouvellement est manuel (aucune plateforme EST configurée) :
notify-do-portal-1 = 1. Préparer la nouvelle clé et la demande : agent renew --structure { $structure }
notify-do-portal-2 = (la commande affiche les fichiers de demande et les étapes du portail)
notify-do-portal-3 = 2. Se connecter avec la carte CPx à la plateforme de certificats de l'IGC Santé et y commander le
notify-do-portal-4 = certificat ORG { $usage } avec cette demande (service applicatif { $cn }).
notify-do-portal-5 = 3. Installer ce que la plateforme délivre : agent import FICHIER
notify-do-portal-6 = 4. Vérifier le résultat :                   agent status --structure { $structure }
notify-body-due = Le renouvellement est dû à partir du { $date } (notAfter moins la fenêtre de renouvellement).
notify-body-signature = agent notify sur { $host } ; cette alerte n'est envoyée qu'une fois.
target-failed-nss = la base NSS { $path } n'a pas été mise à jour : { $reason }
target-failed-export = le répertoire d'export { $path } n'a pas été mis à jour : { $reason }
notify-send-refused = { $url } a répondu { $status } : { $answer }
notify-send-command-not-run = la commande { $run } n'a pas pu être lancée : { $reason }
notify-send-command-failed = la commande { $run } s'est terminée en échec ({ $status })
portal-request = { $product } : { $file }
