//! Zavuch core: the school database and every rule about it. No GUI dependency: the desktop
//! shell and `zavuch-cli` are thin layers over this crate.

pub mod accounts;
pub mod audit;
pub mod backup;
pub mod bells;
mod choice;
mod class_label;
pub mod classes;
pub mod curriculum;
pub mod db;
pub mod demo;
pub mod district;
pub mod encryption;
pub mod error;
pub mod exchange;
pub mod fet;
pub mod file_numbers;
pub mod files;
pub mod forms;
pub mod load;
pub mod marks;
pub mod movement;
pub mod overview;
pub mod panic_log;
pub mod people;
pub mod print;
pub mod reference;
pub mod reports;
pub mod rollover;
pub mod rooms;
pub mod roster;
pub mod school;
pub mod session;
pub mod staff;
pub mod staff_roster;
pub mod students;
pub mod subgroups;
pub mod subjects;
#[cfg(test)]
mod testkit;
pub mod thematic_plans;
pub mod timetable;
pub mod timetable_engine;
pub mod timetable_generate;
pub mod validate;
pub mod year;

pub use db::Db;
pub use error::{CoreError, ErrorPayload, FieldError, Problem, Result, Saved, Warning};
