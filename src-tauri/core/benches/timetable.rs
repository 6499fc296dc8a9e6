//! How fast the timetable's rules are on the demo school's whole timetable (31 classes, about
//! 970 lessons a week): the check of one edit (the indexed queries of one slot, as a save runs
//! it, and the in-memory model a screen can keep), a whole save (checks, write, warnings), all
//! warnings and conflicts of the school, and the demo's generator. Prints figures
//! (docs/benchmarks.md); it only checks that the edits checked are the ones meant.

use chrono::NaiveDate;
use std::time::{Duration, Instant};
use zavuch_core::timetable::{self, LessonInput, Week};
use zavuch_core::{demo, year, Db};

/// CPU time of this thread (Linux), so that the figures hold on a busy machine too.
fn thread_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    Some(Duration::from_nanos(
        stat.split_whitespace().next()?.parse().ok()?,
    ))
}

/// Runs `f` `n` times; the CPU time (wall time where unreadable) of one run.
fn per_run(n: u32, mut f: impl FnMut()) -> Duration {
    let (cpu, wall) = (thread_cpu(), Instant::now());
    for _ in 0..n {
        f();
    }
    let spent = thread_cpu()
        .zip(cpu)
        .map(|(after, before)| after - before)
        .unwrap_or_else(|| wall.elapsed());
    spent / n
}

fn main() {
    let on = NaiveDate::from_ymd_opt(2026, 10, 1).expect("a date");
    let db = Db::in_memory().expect("a database");
    let start = Instant::now();
    demo::create(&db).expect("the demo school");
    println!("demo school with its timetable: {:?} wall", start.elapsed());
    let year = year::current(&db).unwrap().unwrap().id.unwrap();

    let week = Week::read(&db, year).expect("the week");
    println!("lessons in the week: {}", week.lessons.len());
    let read = per_run(50, || {
        Week::read(&db, year).expect("the week");
    });
    println!("reading the week into memory: {read:?}");

    // One edit: the first lesson moved to every other slot of the week in turn (most are
    // conflicts, some are free): what a drag over the class's week asks.
    let lesson = week.lessons[0].clone();
    let slots: Vec<(i32, i32)> = (1..=5).flat_map(|d| (1..=7).map(move |n| (d, n))).collect();
    let inputs: Vec<LessonInput> = slots
        .iter()
        .map(|&(day, n)| LessonInput {
            id: Some(lesson.id),
            teaching_load_id: lesson.teaching_load_id,
            day,
            lesson_number: n,
            room_id: lesson.room_id,
            in_first: lesson.in_first,
            in_second: lesson.in_second,
        })
        .collect();
    let mut conflicts = 0;
    let edit = per_run(20, || {
        for input in &inputs {
            conflicts += timetable::check_edit(&db, input, on)
                .unwrap()
                .conflicts
                .len();
        }
    }) / inputs.len() as u32;
    assert!(conflicts > 0, "some slots of the demo conflict");
    println!("check of one edit, indexed queries of the slot: {edit:?}");

    let staff = timetable::working_staff(&db, on).unwrap();
    let candidates: Vec<_> = inputs
        .iter()
        .map(|i| week.candidate(i).expect("a lesson"))
        .collect();
    let in_memory = per_run(2_000, || {
        for c in &candidates {
            std::hint::black_box(week.conflicts_of(c, &staff));
        }
    }) / candidates.len() as u32;
    println!("check of one edit, in-memory week: {in_memory:?}");

    // A whole save: some lesson moved to a free place and back (checks, write, warnings).
    let moves = week.lessons.iter().flat_map(|l| {
        slots.iter().map(move |&(day, lesson_number)| LessonInput {
            id: Some(l.id),
            teaching_load_id: l.teaching_load_id,
            day,
            lesson_number,
            room_id: None,
            in_first: l.in_first,
            in_second: l.in_second,
        })
    });
    let mut tried = 0;
    let free = moves
        .take_while(|_| {
            tried += 1;
            tried < 5_000
        })
        .find(|i| {
            timetable::check_edit(&db, i, on)
                .unwrap()
                .conflicts
                .is_empty()
        });
    match free {
        Some(free) => {
            let old = week.lessons.iter().find(|l| Some(l.id) == free.id).unwrap();
            let back = LessonInput {
                day: old.day,
                lesson_number: old.lesson_number,
                room_id: old.room_id,
                ..free.clone()
            };
            let save = per_run(20, || {
                timetable::save(&db, &free, on).expect("moved");
                timetable::save(&db, &back, on).expect("moved back");
            }) / 2;
            println!("save of one move (checks, write, the week's warnings): {save:?}");
        }
        None => println!("no free place found for a move in {tried} tries"),
    }

    let mut last = None;
    let check = per_run(20, || {
        last = Some(timetable::check(&db, year, on).expect("the check"));
    });
    let last = last.expect("checked");
    println!(
        "school-wide check (read + conflicts + warnings): {check:?} — placed {} of {}, {} conflicts, {} warnings",
        last.placed,
        last.required,
        last.conflicts.len(),
        last.warnings.len()
    );
    let sheet = per_run(20, || {
        timetable::school_sheet(&db, year).expect("the sheet");
    });
    println!("school sheet («шахматка») for the screen: {sheet:?}");
}
