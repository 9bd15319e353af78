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
