//! The classes a roster names: found in the current year, or (when the user asks) created with
//! the school's defaults — the term scheme and bells the plan shows before anything is written
//! and the write then gives the class.

use super::Target;
use crate::classes::{self, defaults::Defaults, defaults::Setting};
use crate::db::Db;
use crate::error::{Problem, Result};
use crate::people;
use std::collections::HashMap;
use std::sync::Arc;

/// A class the import creates: general, shift 1, with the defaults of its grade.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct NewClass {
    pub grade: i32,
    pub letter: String,
    pub defaults: Defaults,
    /// The names of its scheme and bells, for the preview; empty for none.
    pub term_scheme: String,
    pub bell_schedule: String,
}

impl NewClass {
    /// The shift of a class an import creates.
    pub const SHIFT: i32 = 1;

    pub fn label(&self) -> String {
        classes::label(self.grade, &self.letter)
    }
}

type Resolved = std::result::Result<Target, Problem>;

/// Resolves the class labels of a file, each label once: by its key, and by the label as typed
/// (most rows repeat a label as it is: found without computing its key).
pub(super) struct Classes<'a> {
    db: &'a Db,
    academic_year_id: i64,
    create: bool,
    /// The year's classes, schemes and bells, read when the first class to create is met; each
    /// class created counts for the defaults of the next.
    setting: Option<Setting>,
    by_key: HashMap<String, Resolved>,
    typed: HashMap<String, Resolved>,
}

impl<'a> Classes<'a> {
    /// `create`: a class the year does not have is to be created (else it is an error).
    pub fn new(db: &'a Db, academic_year_id: i64, create: bool) -> Classes<'a> {
        Classes {
            db,
            academic_year_id,
            create,
            setting: None,
            by_key: HashMap::new(),
            typed: HashMap::new(),
        }
    }

    /// The class a label names, or why there is none.
    pub fn resolve(&mut self, text: &str) -> Result<Resolved> {
        if let Some(r) = self.typed.get(text) {
            return Ok(r.clone());
        }
        let key = people::code_key(text);
        let r = match self.by_key.get(&key) {
            Some(r) => r.clone(),
            None => {
                let r = self.find(text)?;
                self.by_key.insert(key, r.clone());
                r
            }
        };
        self.typed.insert(text.to_string(), r.clone());
        Ok(r)
    }

    fn find(&mut self, text: &str) -> Result<Resolved> {
        let Some((grade, letter)) = classes::parse_label(text) else {
            return Ok(Err(Problem::NotAClass {
                value: text.to_string(),
            }));
        };
        if let Some(class) = classes::find_by_label(self.db, self.academic_year_id, text)? {
            return Ok(Ok(Target::Existing(class.id.unwrap_or_default())));
        }
        if !self.create {
            return Ok(Err(Problem::UnknownClass {
                label: classes::label(grade, &letter),
            }));
        }
        let setting = match &mut self.setting {
            Some(s) => s,
            None => self
                .setting
                .insert(Setting::load(self.db.conn(), self.academic_year_id)?),
        };
        let defaults = setting.for_class(grade, NewClass::SHIFT);
        setting.add(grade, NewClass::SHIFT, defaults);
        Ok(Ok(Target::New(Arc::new(NewClass {
            grade,
            letter,
            defaults,
            term_scheme: setting.scheme_name(defaults.term_scheme_id),
            bell_schedule: setting.bells_name(defaults.bell_schedule_id),
        }))))
    }
}
