//! The four stages of the rollover, each a function of the two years that writes through the
//! ordinary saves of the sections it touches (their rules hold) and reports what it did.

mod arrivals;
mod carry;
mod leavers;
pub(super) mod new_year;
mod plans;

use super::{RolloverOptions, Stage, StageReport, Years};
use crate::db::Db;
use crate::error::Result;
use chrono::NaiveDate;

/// What every stage works with.
pub(crate) struct Ctx<'a> {
    pub db: &'a Db,
    pub years: &'a Years,
    pub options: &'a RolloverOptions,
    /// The day the run is made (only for what the preview says about dates ahead).
    pub today: NaiveDate,
}

impl Ctx<'_> {
    /// The id of the year rolled over to, once stage 2 has made it.
    fn to_year_id(&self) -> Result<Option<i64>> {
        Ok(crate::year::find_by_name(self.db, &self.years.to_name)?.and_then(|y| y.id))
    }
}

/// Runs the stage inside the caller's transaction.
pub(crate) fn execute(ctx: &Ctx, stage: Stage, progress: super::Progress) -> Result<StageReport> {
    let mut tell = |done: usize, total: usize| progress(stage.number(), done, total);
    match stage {
        Stage::Leavers => leavers::run(ctx, &mut tell),
        Stage::NewYear => new_year::run(ctx, &mut tell),
        Stage::Arrivals => arrivals::run(ctx, &mut tell),
        Stage::Plans => plans::run(ctx, &mut tell),
    }
}

/// Progress of one stage: (steps done, steps in all).
type Tell<'a> = &'a mut dyn FnMut(usize, usize);
