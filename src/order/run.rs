//! An enrollment run (`agent enroll`): the structures it orders for ([`wanted`]), then every
//! structure's order made and left for the portal, or planned and checked first and submitted over
//! EST with one card login ([`enroll_all`]).

use std::path::Path;

use crate::csr::Usage;
use crate::enroll::est::EstClient;
use crate::error::{Error, Result};
use crate::i18n::Localize;
use crate::ids::StructureId;
use crate::import::ImportOptions;
use crate::pending::PendingOrder;
use crate::tr;

use super::{
    import_options_for, order_for, plan, structure_id, structures_file, OrderRequest, Outcome,
    Planned, PreparedPlatform, Progress, Submission,
};

/// One structure to order for, with what the command line or the structures file says of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wanted {
    /// The national structure id.
    pub structure: StructureId,
    /// Its raison sociale, when given.
    pub name: Option<String>,
    /// Its département, when given.
    pub dept: Option<String>,
}

/// The structures a run names: ids given one by one (with the name and département given for
/// one structure), and a structures file.
#[derive(Debug, Clone, Default)]
pub struct Named<'a> {
    /// The ids given (`--structure`), as written.
    pub structures: Vec<&'a str>,
    /// The raison sociale given (`--name`).
    pub name: Option<&'a str>,
    /// The département given (`--dept`).
    pub dept: Option<&'a str>,
    /// A structures file (`--structures-file`, [`structures_file`]).
    pub file: Option<&'a Path>,
    /// Test identifiers are accepted (with a warning).
    pub allow_test_ids: bool,
}

/// What a run tells the user besides its progress and outcomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// A test identifier was accepted (its warning, worded by [`structure_id`]).
    TestId(String),
    /// CONF's service name was given, but CONF is not among the usages.
    ConfServiceIgnored,
    /// Every usage asked for is live and valid: nothing to order for this structure (`renew`: an
    /// EST run, whose users renew with `agent renew`).
    NothingToOrder {
        /// The structure.
        structure: StructureId,
        /// Said by an EST run.
        renew: bool,
    },
}

impl Notice {
    /// [`Notice::ConfServiceIgnored`] when CONF's service name is given (`conf_service`) and CONF
    /// is not among the `usages`.
    pub fn conf_service(usages: &[Usage], conf_service: bool) -> Option<Notice> {
        (conf_service && !usages.contains(&Usage::Conf)).then_some(Notice::ConfServiceIgnored)
    }

    /// A warning (else a note).
    pub fn is_warning(&self) -> bool {
        !matches!(self, Notice::NothingToOrder { .. })
    }
}

/// A notice in the language of the run.
impl Localize for Notice {
    fn localize(&self) -> String {
        match self {
            Notice::TestId(w) => w.clone(),
            Notice::ConfServiceIgnored => tr!("csr-conf-service-ignored"),
            Notice::NothingToOrder { structure, renew } => {
                let s = structure.to_string();
                if *renew {
                    tr!("enroll-nothing-to-order-renew", structure = s)
                } else {
                    tr!("enroll-nothing-to-order", structure = s)
                }
            }
        }
    }
}

/// The structures of a run, in order: those `named` one by one, then those of the file (each id
/// under the test-id policy, a test id told to `notice`); with none named, every pending order's
/// structure when `resume`, else a usage error. A name or département given for several
/// structures is a usage error.
pub fn wanted(
    home: &Path,
    named: &Named<'_>,
    resume: bool,
    notice: &dyn Fn(Notice),
) -> Result<Vec<Wanted>> {
    let allow = named.allow_test_ids;
    let resolve = |raw: &str| -> Result<StructureId> {
        let (id, warning) = structure_id(raw, allow)?;
        if let Some(w) = warning {
            notice(Notice::TestId(w));
        }
        Ok(id)
    };
    let mut out = Vec::new();
    for s in &named.structures {
        out.push(Wanted {
            structure: resolve(s)?,
            name: named.name.map(str::to_string),
            dept: named.dept.map(str::to_string),
        });
    }
    if let Some(f) = named.file {
        for l in structures_file(f)? {
            let structure = resolve(&l.id).map_err(|e| {
                Error::InvalidInput(tr!(
                    "enroll-file-line",
                    file = f,
                    line = l.line,
                    reason = e.localize()
                ))
            })?;
            out.push(Wanted {
                structure,
                name: l.name,
                dept: l.dept,
            });
        }
    }
    let given = named.name.is_some() || named.dept.is_some();
    if out.len() > 1 && given && named.structures.len() > 1 {
        return Err(Error::Usage(tr!("enroll-name-one-structure")));
    }
    if out.is_empty() {
        if !resume {
            return Err(Error::Usage(tr!("enroll-give-structure")));
        }
        for o in PendingOrder::list(home)? {
            out.push(Wanted {
                structure: o.structure,
                name: None,
                dept: None,
            });
        }
    }
    Ok(out)
}

/// The EST platform of a run, reached through the caller.
pub struct Est<'a> {
    /// Everything local, checked before anything is planned: the import options, the platform.
    pub prepare: Box<dyn FnOnce() -> Result<(ImportOptions, PreparedPlatform)> + 'a>,
    /// The card login and the EST client over it: called once, and only when some order can be
    /// made.
    pub connect: Box<dyn FnOnce(PreparedPlatform) -> Result<EstClient> + 'a>,
}

/// Where a run's orders go.
pub enum Platform<'a> {
    /// Left for the portal: each order is handed to the caller (to print its steps).
    Portal(&'a mut dyn FnMut(&PendingOrder)),
    /// Submitted over EST (`simpleenroll`) and installed.
    Est(Est<'a>),
}

/// What a run does with each structure: how the order is asked, and for which usages.
pub struct EnrollRun<'a> {
    /// The agent's home.
    pub home: &'a Path,
    /// The usages to order.
    pub usages: &'a [Usage],
    /// Only pick up orders already started.
    pub resume: bool,
    /// A new order's request for a structure.
    pub request: &'a dyn Fn(&Wanted) -> Result<OrderRequest>,
    /// The steps and warnings of the orders.
    pub progress: &'a dyn Progress,
    /// Told the run's notices.
    pub notice: &'a dyn Fn(Notice),
}

/// Orders for every `wanted` structure on `platform`: one outcome per usage (failed usages
/// included). On EST, every order is planned and checked before the card login, and there is no
/// login when none can be made ([`Progress::finish`] once the submissions are over). Errors are
/// those that stop the whole run (the platform's settings, the card login).
pub fn enroll_all(
    run: &EnrollRun<'_>,
    wanted: &[Wanted],
    platform: Platform<'_>,
) -> Result<Vec<Outcome>> {
    let failed = |w: &Wanted, e| Outcome::all_failed(&w.structure, run.usages, e);
    let mut outcomes = Vec::new();
    let est = match platform {
        Platform::Portal(show) => {
            for w in wanted {
                let order = order_for(
                    run.home,
                    &w.structure,
                    run.usages,
                    run.resume,
                    || (run.request)(w),
                    run.progress,
                );
                match order {
                    Ok(Some(order)) => {
                        show(&order);
                        for u in &order.usages {
                            outcomes.push(Outcome::portal(&w.structure, u.usage));
                        }
                    }
                    Ok(None) => (run.notice)(Notice::NothingToOrder {
                        structure: w.structure.clone(),
                        renew: false,
                    }),
                    Err(e) => outcomes.extend(failed(w, e)),
                }
            }
            return Ok(outcomes);
        }
        Platform::Est(est) => est,
    };
    // Everything local is checked before the card is touched.
    let (opts, platform) = (est.prepare)()?;
    // Each structure's order is planned and checked before the card login: one that cannot be
    // made (CONF without its service name, an order under way) costs no PIN entry.
    let mut plans = Vec::new();
    for w in wanted {
        let p = plan(run.home, &w.structure, run.usages, run.resume, || {
            (run.request)(w)
        });
        if let Ok(Planned::NothingToDo) = p {
            (run.notice)(Notice::NothingToOrder {
                structure: w.structure.clone(),
                renew: true,
            });
        } else {
            plans.push((w, p));
        }
    }
    if plans.iter().all(|(_, p)| p.is_err()) {
        for (w, p) in plans {
            if let Err(e) = p {
                outcomes.extend(failed(w, e));
            }
        }
        return Ok(outcomes);
    }
    let client = (est.connect)(platform)?;
    for (w, p) in plans {
        match p.and_then(|p| p.into_order(run.home, run.progress)) {
            Ok(Some(order)) => {
                let o = import_options_for(&opts, &order);
                outcomes.extend(super::submit(
                    run.home,
                    &client,
                    &order,
                    Submission::Enroll,
                    &o,
                    run.progress,
                ));
            }
            Ok(None) => {}
            Err(e) => outcomes.extend(failed(w, e)),
        }
    }
    run.progress.finish();
    Ok(outcomes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    fn named<'a>(structures: Vec<&'a str>, file: Option<&'a Path>) -> Named<'a> {
        Named {
            structures,
            file,
            allow_test_ids: true,
            ..Named::default()
        }
    }

    #[test]
    fn wanted_lists_given_then_file_structures() {
        let home = tempfile::tempdir().unwrap();
        let file = home.path().join("structures.txt");
        std::fs::write(&file, "# comment\n1010000024;CLINIQUE;75\n\nbad\n").unwrap();
        let told = RefCell::new(Vec::new());
        let notice = |n: Notice| told.borrow_mut().push(n);
        let e = wanted(
            home.path(),
            &named(vec!["1010000024"], Some(&file)),
            false,
            &notice,
        )
        .unwrap_err();
        assert!(matches!(e, Error::InvalidInput(_)), "{e:?}");
        assert!(e.to_string().contains("line 4"), "{e}");
        std::fs::write(&file, "1010000032;CLINIQUE;75\n").unwrap();
        let w = wanted(
            home.path(),
            &named(vec!["1010000024"], Some(&file)),
            false,
            &notice,
        )
        .unwrap();
        let ids: Vec<String> = w.iter().map(|w| w.structure.to_string()).collect();
        assert_eq!(ids, ["1010000024", "1010000032"]);
        assert_eq!(w[1].name.as_deref(), Some("CLINIQUE"));
        assert_eq!(w[1].dept.as_deref(), Some("75"));
    }

    #[test]
    fn wanted_refuses_a_name_for_several_and_none_without_resume() {
        let home = tempfile::tempdir().unwrap();
        let quiet = |_: Notice| {};
        let mut n = named(vec!["1010000024", "1010000032"], None);
        n.name = Some("CLINIQUE");
        let e = wanted(home.path(), &n, false, &quiet).unwrap_err();
        assert!(matches!(e, Error::Usage(_)), "{e:?}");
        let none = named(Vec::new(), None);
        let e = wanted(home.path(), &none, false, &quiet).unwrap_err();
        assert!(matches!(e, Error::Usage(_)), "{e:?}");
        // Resuming with nothing pending: nothing to do, no error.
        assert!(wanted(home.path(), &none, true, &quiet).unwrap().is_empty());
    }

    #[test]
    fn notices_are_warnings_but_nothing_to_order() {
        assert_eq!(
            Notice::conf_service(&[Usage::AuthCli], true),
            Some(Notice::ConfServiceIgnored)
        );
        assert_eq!(Notice::conf_service(&[Usage::Conf], true), None);
        assert_eq!(Notice::conf_service(&[Usage::AuthCli], false), None);
        assert!(Notice::ConfServiceIgnored.is_warning());
        let structure = StructureId::example();
        let n = Notice::NothingToOrder {
            structure,
            renew: false,
        };
        assert!(!n.is_warning());
        assert!(n.localize().contains("1010000024"), "{}", n.localize());
    }
}
