//! Which copies rotation deletes: it keeps the last 20, the newest of each week for two months
//! and of each month for a year, and never the only good (checked) copy.

use super::manifest::Entry;
use chrono::{Datelike, NaiveDateTime};
use std::collections::HashSet;
use std::hash::Hash;

const LAST: usize = 20;
const WEEKLY_DAYS: i64 = 61;
const MONTHLY_DAYS: i64 = 365;

/// The ids of the copies rotation deletes at `now`.
pub(super) fn to_delete(copies: &[Entry], now: NaiveDateTime) -> Vec<String> {
    let mut newest: Vec<&Entry> = copies.iter().collect();
    newest.sort_by(|a, b| b.made.cmp(&a.made).then_with(|| b.id.cmp(&a.id)));
    let mut keep: HashSet<&str> = newest.iter().take(LAST).map(|e| e.id.as_str()).collect();
    let age = |e: &Entry| (now - e.made).num_days();
    keep_one_each(&newest, &mut keep, |e| {
        (age(e) < WEEKLY_DAYS).then(|| (e.made.iso_week().year(), e.made.iso_week().week()))
    });
    keep_one_each(&newest, &mut keep, |e| {
        (age(e) < MONTHLY_DAYS).then(|| (e.made.year(), e.made.month()))
    });
    if !newest
        .iter()
        .any(|e| e.checked && keep.contains(e.id.as_str()))
    {
        if let Some(good) = newest.iter().find(|e| e.checked) {
            keep.insert(&good.id);
        }
    }
    newest
        .iter()
        .filter(|e| !keep.contains(e.id.as_str()))
        .map(|e| e.id.clone())
        .collect()
}

/// Keeps one copy of each period `key` gives (None: outside the periods), the newest checked
/// one when the period has one.
fn keep_one_each<'a, K: Eq + Hash>(
    newest: &[&'a Entry],
    keep: &mut HashSet<&'a str>,
    key: impl Fn(&Entry) -> Option<K>,
) {
    let checked_first = newest
        .iter()
        .filter(|e| e.checked)
        .chain(newest.iter().filter(|e| !e.checked));
    let mut seen = HashSet::new();
    for e in checked_first {
        if let Some(k) = key(e) {
            if seen.insert(k) {
                keep.insert(&e.id);
            }
        }
    }
}
