//! Thin Tauri commands: each locks the session, calls one core function and hands back its
//! result or its `ErrorPayload`. Argument names become camelCase in JavaScript.

pub mod accounts;
pub mod app;
pub mod archive;
pub mod audit;
pub mod backups;
pub mod bells;
pub mod classes;
pub mod curriculum;
pub mod district;
pub mod encryption;
pub mod exchange;
pub mod generate;
pub mod ledgers;
pub mod load;
pub mod marks;
pub mod movement;
pub mod print;
pub mod results;
pub mod rollover;
pub mod rooms;
pub mod school;
pub mod staff;
pub mod students;
pub mod subgroups;
pub mod subjects;
pub mod thematic_plans;
pub mod timetable;
pub mod wishes;
pub mod years;

use std::sync::Mutex;
use zavuch_core::{session::Session, Db, ErrorPayload};

pub struct AppSession(pub Mutex<Session>);

pub type CmdResult<T> = Result<T, ErrorPayload>;

/// Runs `f` on the open school database and turns a core error into what the UI shows.
pub fn with_db<T>(
    state: &tauri::State<AppSession>,
    f: impl FnOnce(&Db) -> zavuch_core::Result<T>,
) -> CmdResult<T> {
    let session = state
        .0
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    f(session.db()).map_err(|e| e.payload())
}

/// Runs long work (an import, the whole school's printing, the rollover) on a worker thread so the window
/// stays responsive, sending `event` with `Progress {done, total}` as the work reports it.
pub async fn in_background<T: Send + 'static>(
    app: tauri::AppHandle,
    event: &'static str,
    work: impl FnOnce(&Db, &mut dyn FnMut(usize, usize)) -> zavuch_core::Result<T> + Send + 'static,
) -> CmdResult<T> {
    use tauri::Emitter;
    let progress_app = app.clone();
    on_db(app, move |db| {
        work(db, &mut |done, total| {
            let progress = zavuch_core::exchange::Progress {
                done: done as u32,
                total: total as u32,
            };
            // A lost progress event only leaves the bar behind; the work goes on.
            let _ = progress_app.emit(event, progress);
        })
    })
    .await
}

/// Runs `f` on the open school database on a worker thread: work of a second or more (an
/// account's password is Argon2id, half a second) that the window must not wait for.
pub async fn on_db<T: Send + 'static>(
    app: tauri::AppHandle,
    f: impl FnOnce(&Db) -> zavuch_core::Result<T> + Send + 'static,
) -> CmdResult<T> {
    use tauri::Manager;
    on_worker(move || with_db(&app.state::<AppSession>(), f)).await
}

/// Runs `f` on the session on a worker thread (opening a file may derive an encrypted file's
/// key, half a second a password; a conversion rewrites the whole file), then retitles the
/// window: the file may have changed.
pub async fn on_session<T: Send + 'static>(
    app: tauri::AppHandle,
    f: impl FnOnce(&mut Session) -> zavuch_core::Result<T> + Send + 'static,
) -> CmdResult<T> {
    use tauri::Manager;
    on_worker(move || {
        let result = f(&mut app::lock(&app.state::<AppSession>()));
        app::refresh_title(&app);
        result.map_err(|e| e.payload())
    })
    .await
}

/// Runs `f` on a worker thread. A panic there stops the work half-way (a write unwound rolls
/// back): the runtime catches it, the panic hook logs it, and the user is told [`crashed`].
pub async fn on_worker<T: Send + 'static>(
    f: impl FnOnce() -> CmdResult<T> + Send + 'static,
) -> CmdResult<T> {
    tauri::async_runtime::spawn_blocking(f)
        .await
        .unwrap_or_else(|_| Err(crashed()))
}

/// What the user is told of a command that panicked: in Russian, with the log of its details.
pub fn crashed() -> ErrorPayload {
    zavuch_core::panic_log::caught().payload()
}

/// Runs a command's invocation `run`; a panic inside it is answered with [`crashed`] through
/// `refuse` instead of reaching the window's event loop, which would end the program. A command
/// that is not `async` runs here, on the window's thread; an `async` one runs on the runtime and
/// does its work through [`on_worker`], where the runtime catches a panic.
pub fn unpanicked<T>(run: impl FnOnce() -> T, refuse: impl FnOnce(ErrorPayload) -> T) -> T {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(run))
        .unwrap_or_else(|_| refuse(crashed()))
}

/// Every command, each invocation through [`unpanicked`].
pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
    let commands = commands();
    move |invoke| {
        let resolver = invoke.resolver.clone();
        unpanicked(
            || commands(invoke),
            |refusal| {
                resolver.reject(refusal);
                true
            },
        )
    }
}

fn commands() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        exchange::roster_preview,
        exchange::roster_import,
        exchange::import_cancel,
        exchange::roster_export,
        exchange::roster_template,
        exchange::staff_preview,
        exchange::staff_import,
        exchange::staff_export,
        exchange::staff_template,
        exchange::class_sizes_export,
        exchange::marks_preview,
        exchange::marks_import,
        exchange::marks_export,
        exchange::marks_template,
        print::print_class_list,
        print::print_class_sizes,
        print::document_open,
        print::document_reveal,
        ledgers::ledger_periods,
        ledgers::print_ledger,
        ledgers::print_school_ledgers,
        ledgers::ledger_cancel,
        results::results_titles,
        results::results_summary,
        results::print_results,
        results::results_export,
        results::print_results_lists,
        results::results_lists_export,
        results::print_student_results,
        district::district_reports,
        district::district_default_day,
        district::district_report_print,
        district::district_package_save,
        district::district_push,
        curriculum::curriculum_list,
        curriculum::curriculum_get,
        curriculum::curriculum_preview,
        curriculum::curriculum_save,
        curriculum::curriculum_copy,
        curriculum::curriculum_assign,
        curriculum::curriculum_start_individual,
        curriculum::curriculum_delete,
        curriculum::print_curriculum,
        curriculum::curriculum_export,
        app::app_state,
        app::reference,
        app::school_file_open,
        app::school_file_create,
        app::school_file_init,
        app::school_file_demo,
        audit::audit_entries,
        audit::audit_choices,
        audit::audit_verify,
        audit::print_audit_log,
        backups::backup_list,
        backups::backup_now,
        backups::backup_restore,
        backups::backup_second_place,
        encryption::school_file_unlock,
        encryption::encryption_encrypt,
        encryption::encryption_change_password,
        encryption::encryption_decrypt,
        accounts::account_list,
        accounts::account_add,
        accounts::account_set_password,
        accounts::account_set_active,
        accounts::school_file_sign_out,
        school::school_get,
        school::school_save,
        school::credential_list,
        school::credential_save,
        school::credential_delete,
        years::year_list,
        years::year_detail,
        years::term_days,
        years::year_default,
        years::year_create,
        years::year_save,
        years::year_set_current,
        years::term_scheme_save,
        years::term_scheme_delete,
        years::holiday_save,
        years::holiday_delete,
        bells::bell_schedule_list,
        bells::bell_schedule_save,
        bells::bell_schedule_check,
        bells::bell_typical_default,
        bells::bell_typical_day,
        bells::bell_schedule_copy,
        bells::bell_schedule_delete,
        rooms::room_list,
        rooms::room_save,
        rooms::room_delete,
        rooms::equipment_list,
        rooms::equipment_save,
        rooms::equipment_delete,
        subjects::subject_list,
        subjects::subject_save,
        subjects::subject_delete,
        staff::staff_position_list,
        staff::staff_position_save,
        staff::staff_position_delete,
        staff::staff_list,
        staff::staff_get,
        staff::staff_save,
        staff::staff_delete,
        staff::staff_history,
        staff::staff_hire,
        staff::staff_transfer,
        staff::staff_leave,
        classes::class_list,
        classes::class_info,
        classes::class_get,
        classes::class_save,
        classes::class_delete,
        classes::class_gaps,
        students::student_list,
        students::student_without_class,
        students::student_get,
        students::student_save,
        students::student_delete,
        students::student_guardians,
        students::guardian_children,
        students::guardian_find,
        students::student_guardian_save,
        students::guardian_link,
        students::guardian_unlink,
        students::guardian_delete,
        students::student_consents,
        students::guardian_consents,
        students::consent_save,
        students::consent_delete,
        students::consent_missing,
        movement::movement_history,
        movement::movement_placements,
        movement::movement_arrive,
        movement::movement_leave,
        movement::movement_transfer,
        movement::movement_change_study_form,
        movement::orders_register,
        movement::staff_orders_register,
        movement::print_order_draft,
        movement::print_orders_register,
        movement::print_staff_orders_register,
        movement::print_movement_report,
        movement::movement_report_export,
        movement::print_alphabet_book,
        rollover::decisions_of_class,
        rollover::decisions_set,
        rollover::decisions_reset,
        rollover::decisions_council_set,
        rollover::decisions_debt_set,
        rollover::rollover_status,
        rollover::rollover_run,
        rollover::rollover_make_current,
        rollover::print_transfer_order,
        rollover::print_conditional_list,
        subgroups::subgroup_split_list,
        subgroups::subgroup_split_detail,
        subgroups::subgroup_split_create,
        subgroups::subgroup_split_fill,
        subgroups::subgroup_split_delete,
        subgroups::subgroup_move,
        subgroups::subgroup_rename,
        subgroups::subgroup_add,
        subgroups::subgroup_delete,
        load::load_grid,
        load::load_teacher_options,
        load::load_assign,
        load::load_assign_block,
        load::load_save,
        load::load_delete,
        load::load_check,
        load::load_by_teacher,
        load::print_load,
        load::load_export,
        marks::marks_periods,
        marks::marks_sheet,
        marks::marks_set,
        marks::marks_set_absences,
        marks::marks_pass_fail,
        marks::marks_set_pass_fail,
        marks::marks_close,
        marks::marks_reopen,
        marks::marks_close_summary,
        marks::marks_close_school,
        marks::marks_closure_events,
        archive::archive_make,
        archive::archive_verify,
        archive::archive_list,
        generate::timetable_generate,
        generate::timetable_generate_stop,
        generate::timetable_versions,
        generate::timetable_restore_version,
        generate::timetable_discard_version,
        generate::timetable_set_locked,
        wishes::wishes_sheet,
        wishes::wishes_of_teacher,
        wishes::wishes_save,
        wishes::load_line_wishes,
        wishes::load_set_paired,
        wishes::load_set_preferred_room,
        timetable::timetable_class_week,
        timetable::timetable_teacher_week,
        timetable::timetable_room_week,
        timetable::timetable_school_sheet,
        timetable::timetable_to_place,
        timetable::timetable_check,
        timetable::timetable_check_edit,
        timetable::timetable_save,
        timetable::timetable_remove,
        timetable::substitution_day,
        timetable::substitution_save,
        timetable::substitution_delete,
        timetable::substitution_month,
        timetable::print_timetable_week,
        timetable::print_timetable_school,
        timetable::timetable_export,
        timetable::print_substitutions_day,
        timetable::print_substitutions_month,
        thematic_plans::thematic_plan_overview,
        thematic_plans::thematic_plan_get,
        thematic_plans::thematic_plan_find,
        thematic_plans::thematic_plan_save,
        thematic_plans::thematic_plan_delete,
        thematic_plans::thematic_plan_set_date,
        thematic_plans::thematic_plan_distribute,
        thematic_plans::thematic_plan_copy_to_class,
        thematic_plans::thematic_plan_copy_from_last_year,
        thematic_plans::textbook_list,
        thematic_plans::textbook_save,
        thematic_plans::thematic_plan_preview,
        thematic_plans::thematic_plan_import,
        thematic_plans::thematic_plan_export,
        thematic_plans::thematic_plan_template,
        thematic_plans::print_thematic_plan,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A command whose body panics half-way through a write, run as the handler runs every
    /// command: the refusal in Russian, not a panic, and nothing of the write left.
    #[test]
    fn a_command_that_panics_is_refused_in_russian_and_writes_nothing() {
        let db = Db::in_memory().unwrap();
        let body = || -> CmdResult<()> {
            db.write(|c| {
                c.execute("INSERT INTO room (number) VALUES ('101')", [])?;
                panic!("a bug half-way through a write");
            })
            .map_err(|e| e.payload())
        };
        let refused = unpanicked(body, Err).expect_err("refused");
        assert_eq!(refused.code, "refused");
        assert_eq!(refused.fields[0].code, "program_failure");
        assert!(
            refused.message.starts_with("Внутренний сбой программы")
                && refused.message.contains(zavuch_core::panic_log::FILE),
            "{}",
            refused.message
        );
        let rooms: i64 = db
            .conn()
            .query_row("SELECT count(*) FROM room", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rooms, 0, "the write rolled back");
        db.write(|c| Ok(c.execute("INSERT INTO room (number) VALUES ('102')", [])?))
            .expect("the database works on");
    }

    /// The work of an `async` command, panicking on its worker thread: the same refusal.
    #[test]
    fn work_that_panics_on_a_worker_is_refused_in_russian() {
        let work = on_worker(|| -> CmdResult<()> { panic!("a bug on a worker") });
        let refused = tauri::async_runtime::block_on(work).expect_err("refused");
        assert_eq!(refused.fields[0].code, "program_failure");
        let done = tauri::async_runtime::block_on(on_worker(|| Ok(7)));
        assert_eq!(done.unwrap(), 7, "the runtime works on");
    }

    #[test]
    fn a_command_that_does_not_panic_answers_as_it_would() {
        assert_eq!(unpanicked(|| Ok::<_, ErrorPayload>(7), Err).unwrap(), 7);
    }
}
