//! The walk of `agent status`: the structures of the store and of the pending area, spread over a
//! few threads, and the rows of each structure (installed, missing companion, pending).

use super::checks::{anchors_constrain_names, Worker};
use super::*;
use crate::store::reader::{pending_orders, structure_dirs, LiveDir};

fn is_plain_name(s: &str) -> bool {
    !s.is_empty() && !s.starts_with('.') && !s.contains('/') && !s.contains('\0')
}

/// Reads the store and the pending area of `home` and computes every row.
pub fn scan(home: &Path, opts: &StatusOptions<'_>) -> Result<Report, StatusError> {
    let root = home.join("store");
    for s in &opts.structures {
        if !is_plain_name(s) {
            return Err(StatusError::BadStructure(s.clone()));
        }
    }
    // Structures with a store directory.
    let mut structures: Vec<String> = if opts.structures.is_empty() {
        structure_dirs(&root).map_err(|source| StatusError::StoreUnreadable {
            path: root.clone(),
            source,
        })?
    } else {
        opts.structures
            .iter()
            .filter(|s| root.join(s).is_dir())
            .cloned()
            .collect()
    };

    // Pending orders, by structure.
    let (orders, warnings) = pending_orders(home, &opts.structures);
    let order_errors = warnings.len();
    for s in orders.keys() {
        if !structures.contains(s) {
            structures.push(s.clone());
        }
    }
    structures.sort();
    structures.dedup();

    if let Some(s) = opts
        .structures
        .iter()
        .find(|s| structures.binary_search(s).is_err())
    {
        return Err(StatusError::UnknownStructure {
            structure: s.clone(),
            home: home.to_path_buf(),
        });
    }

    // Rows carry a typed structure id: a directory that cannot name one (the store never makes
    // such a directory) is left out, with a warning when it holds a live slot.
    let mut warnings = warnings;
    let structures: Vec<(String, StructureId)> = structures
        .into_iter()
        .filter_map(|s| match crate::store::check_structure_name(&s) {
            Ok(()) => StructureId::parse_with(&s, ParseMode::AllowTestIds)
                .ok()
                .map(|p| (s, p.value)),
            Err(e) => {
                let dir = root.join(&s);
                if (Usage::ALL.iter()).any(|u| {
                    std::fs::symlink_metadata(dir.join(u.name().to_lowercase()).join("live"))
                        .is_ok()
                }) {
                    warnings.push(format!("{}: {e}", dir.display()));
                }
                None
            }
        })
        .collect();

    // One structure per work item, spread over a few threads.
    let threads = match opts.threads {
        0 => std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1),
        n => n,
    }
    .clamp(1, 16)
    .min(structures.len().div_ceil(64).max(1));
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, Vec<Entry>)>> = Mutex::new(Vec::with_capacity(structures.len()));
    let shortcut = opts.anchors.is_some_and(|a| !anchors_constrain_names(a));
    // Slots are opened relative to the store directory: a short path walk each.
    let root_dir = LiveDir::open(&root).ok();
    let work = |_: usize| {
        let mut local = Vec::new();
        let mut worker = Worker::new(opts, shortcut);
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some((s, id)) = structures.get(i) else {
                break;
            };
            local.push((
                i,
                structure_entries(&root, root_dir.as_ref(), id, orders.get(s), &mut worker),
            ));
        }
        if let Ok(mut r) = results.lock() {
            r.extend(local);
        }
    };
    if threads == 1 {
        work(0);
    } else {
        std::thread::scope(|scope| {
            for t in 0..threads {
                let work = &work;
                scope.spawn(move || work(t));
            }
        });
    }
    let mut results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    results.sort_by_key(|(i, _)| *i);
    let entries: Vec<Entry> = results.into_iter().flat_map(|(_, v)| v).collect();
    if entries.is_empty() && opts.structures.is_empty() && order_errors == 0 {
        return Err(StatusError::NothingToCheck {
            home: home.to_path_buf(),
        });
    }
    Ok(Report {
        entries,
        warnings,
        order_errors,
    })
}

/// The rows of one structure: installed usages, then missing companions and pending usages.
fn structure_entries(
    root: &Path,
    root_dir: Option<&LiveDir>,
    id: &StructureId,
    order: Option<&PendingOrder>,
    w: &mut Worker<'_>,
) -> Vec<Entry> {
    let structure = id.to_string();
    let structure = structure.as_str();
    let mut rows: Vec<Entry> = Vec::new();
    for usage in Usage::ALL {
        let live = root
            .join(structure)
            .join(usage.name().to_lowercase())
            .join("live");
        let Some(root_dir) = root_dir else { break };
        let Ok(rel) = std::ffi::CString::new(format!("{structure}/{}/live", usage.name())) else {
            continue;
        };
        match root_dir.open_dir(&rel) {
            Ok(dir) => rows.push(w.check_slot(id, usage, live, Ok(dir))),
            // A `live` link that points nowhere is a broken install; no `live` at all is nothing.
            Err(err) if root_dir.has_entry(&rel) => {
                rows.push(w.check_slot(id, usage, live, Err(err)))
            }
            Err(_) => {}
        }
    }
    // Install targets the last install could not write (recorded beside the slot).
    for r in rows.iter_mut() {
        let slot_dir = root.join(structure).join(r.usage.name().to_lowercase());
        r.target_errors = crate::store::targets::recorded_failures(&slot_dir)
            .iter()
            .map(|f| f.to_string())
            .collect();
        if !r.target_errors.is_empty() && r.detail.is_none() {
            r.set_details(vec![Detail::TargetsFailed(r.target_errors.clone())]);
        }
    }
    let name = rows
        .iter()
        .find_map(|r| r.raison_sociale.clone())
        .or_else(|| order.map(|o| o.raison_sociale.clone()));
    // Pending usages: listed in the order, key not the live one.
    let mut pending = Vec::new();
    if let Some(o) = order {
        for pu in &o.usages {
            let live_spki = rows
                .iter()
                .find(|r| r.usage == pu.usage)
                .and_then(|r| r.spki.as_deref());
            if live_spki == Some(pu.public_key_spki()) {
                continue;
            }
            let created = o
                .created_at
                .format(&::time::format_description::well_known::Rfc3339)
                .unwrap_or_default();
            pending.push(Entry {
                raison_sociale: Some(o.raison_sociale.clone()),
                cn: Some(pu.service.clone()),
                ..Entry::new(id, pu.usage, State::Pending, o.dir().to_path_buf()).with_details(
                    vec![Detail::Pending {
                        created,
                        product: pu.product.clone(),
                    }],
                )
            });
        }
    }
    // AUTH_CLI and SIGN go together: one without the other (neither installed nor ordered) is missing.
    let present =
        |u: Usage| rows.iter().any(|r| r.usage == u) || pending.iter().any(|r| r.usage == u);
    let mut missing = Vec::new();
    for (have, need) in [(Usage::AuthCli, Usage::Sign), (Usage::Sign, Usage::AuthCli)] {
        if present(have) && !present(need) {
            let live = root
                .join(structure)
                .join(need.name().to_lowercase())
                .join("live");
            missing.push(Entry {
                raison_sociale: name.clone(),
                cn: need.profile().service.map(str::to_string),
                ..Entry::new(id, need, State::Missing, live).with_details(vec![Detail::Missing {
                    have,
                    need,
                    structure: structure.to_string(),
                }])
            });
        }
    }
    rows.extend(missing);
    rows.extend(pending);
    let order_key = |e: &Entry| {
        (
            e.usage,
            matches!(e.state, State::Pending | State::Missing) as u8,
        )
    };
    rows.sort_by_key(order_key);
    rows
}
