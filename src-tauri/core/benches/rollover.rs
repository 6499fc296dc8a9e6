//! The whole rollover (stages 1–4, each in its transaction after a backup of the file) of a
//! generated school: the demo school grown to 80 classes and about 2,000 students, and to 800
//! classes and about 20,000 students (issue 10, «Speed»: under 1 s for 2,000, linear). Each
//! added class is like the demo's class of its grade: its scheme and bells, the grade's
//! «Базовый» curriculum, English in two groups (grades 2–10), the teachers of the grade's
//! «А» class, 25 students; grade 5 classes get the demo's mathematics plan. Prints figures
//! (docs/benchmarks.md); it checks that every stage ran and made what it should.

use chrono::NaiveDate;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use zavuch_core::classes::{self, Class, ClassKind};
use zavuch_core::load::{self, LoadLine, LoadUnit, UnitAssignment};
use zavuch_core::people::Sex;
use zavuch_core::rollover::{self, RolloverOptions};
use zavuch_core::students::{self, Student};
use zavuch_core::subgroups::{self, Fill, NewSplit};
use zavuch_core::{curriculum, demo, thematic_plans, year, Db};

const STUDENTS_PER_CLASS: usize = 25;
const RUNS: usize = 3;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a date")
}

const LAST: [&str; 8] = [
    "Смирнов",
    "Кузнецов",
    "Попов",
    "Соколов",
    "Лебедев",
    "Новиков",
    "Морозов",
    "Волков",
];
const BOYS: [&str; 5] = ["Алексей", "Дмитрий", "Артём", "Максим", "Иван"];
const GIRLS: [&str; 5] = ["Анна", "Мария", "Софья", "Дарья", "Полина"];

/// The `i`-th student added to a class of `grade`: a name that repeats rarely, a birth date
/// fitting the grade.
fn student(i: usize, grade: i32, class_id: i64) -> Student {
    let boy = i.is_multiple_of(2);
    let (first, patronymic, ending) = if boy {
        (BOYS[i / 2 % 5], "Сергеевич", "")
    } else {
        (GIRLS[i / 2 % 5], "Сергеевна", "а")
    };
    let birth = date(2020 - grade, 1 + (i % 12) as u32, 1 + (i / 12 % 28) as u32);
    Student {
        class_id: Some(class_id),
        ..Student::listed(
            format!("ген-{}", 10_000 + i),
            (
                format!("{}{ending}", LAST[i / 10 % 8]),
                first.into(),
                patronymic.into(),
            ),
            if boy { Sex::Male } else { Sex::Female },
            Some(birth),
        )
    }
}

/// Adds a class like the demo's «А» class of its grade, with its students, curriculum,
/// English groups, load and (grade 5) mathematics plan. `n` numbers the students.
fn add_class(
    db: &Db,
    year_id: i64,
    (grade, letter): (i32, &str),
    demo_load: &[LoadLine],
    n: &mut usize,
) -> Result<(), Box<dyn std::error::Error>> {
    let on = date(2026, 9, 1);
    let like =
        classes::find_by_label(db, year_id, &classes::label(grade, "А"))?.ok_or("no «А» class")?;
    let class = Class {
        id: None,
        letter: letter.into(),
        kind: ClassKind::General,
        profile: None,
        room_id: None,
        class_teacher_id: None,
        note: String::new(),
        ..like.clone()
    };
    let id = classes::save(db, &class, on)?.value.id.ok_or("no id")?;
    let like_id = like.id.ok_or("no id")?;
    if let Some(template) = curriculum::of_class(db, like_id)?.and_then(|c| c.template_id) {
        curriculum::assign(db, template, &[id])?;
    }
    for _ in 0..STUDENTS_PER_CLASS {
        students::save(db, &student(*n, grade, id), on)?;
        *n += 1;
    }
    let english = zavuch_core::subjects::by_name(db, "Иностранный язык (английский)")?;
    if (2..=10).contains(&grade) {
        let split = NewSplit {
            academic_year_id: year_id,
            subject_id: Some(english),
            class_ids: vec![id],
            count: 2,
            fill: Fill::Alphabetical,
        };
        subgroups::create(db, &split, on)?;
    }
    let mut block = Vec::new();
    let lines = curriculum::of_class(db, id)?
        .map(|c| c.lines)
        .unwrap_or_default();
    for line in lines {
        let (Some(line_id), Some(subject)) = (line.id, line.subject_id) else {
            continue;
        };
        let Some(teacher) = demo_load
            .iter()
            .find(|t| t.class_ids == [like_id] && t.subject_id == Some(subject))
        else {
            continue;
        };
        let groups = subgroups::subgroups_of(db, id, subject, on)?;
        let units: Vec<Option<i64>> = if groups.is_empty() {
            vec![None]
        } else {
            groups.iter().map(|g| Some(g.id)).collect()
        };
        for subgroup_id in units {
            block.push(UnitAssignment {
                unit: LoadUnit {
                    line_id,
                    subgroup_id,
                },
                staff_member_id: Some(teacher.staff_member_id),
            });
        }
    }
    load::assign_many(db, &block, on)?;
    if grade == 5 {
        let plan = thematic_plans::by_names(db, "5 А", "Математика", None)?;
        thematic_plans::copy_to_class(db, plan.id.ok_or("no plan")?, id, false)?;
    }
    Ok(())
}

/// The demo school grown to `classes` classes, in a file of `dir`.
fn school(
    dir: &Path,
    classes_total: usize,
) -> Result<(PathBuf, usize), Box<dyn std::error::Error>> {
    let path = dir.join(format!("school-{classes_total}.zavuch"));
    if path.exists() {
        let students: i64 = Db::open(&path)?.conn().query_row(
            "SELECT count(DISTINCT student_id) FROM placement",
            [],
            |r| r.get(0),
        )?;
        return Ok((path, students as usize));
    }
    let db = Db::open(&path)?;
    demo::create(&db)?;
    let year_id = year::current_id(&db)?;
    let mut have = classes::list(&db, year_id, date(2026, 9, 1))?.len();
    let mut n = 0;
    let demo_load = load::lines(&db, year_id, date(2026, 9, 1))?;
    db.write(|_| {
        let mut k = 0;
        while have < classes_total {
            let grade = 1 + (k % 11);
            let letter = (4 + k / 11).to_string();
            add_class(&db, year_id, (grade, &letter), &demo_load, &mut n)
                .map_err(|e| zavuch_core::CoreError::Io(std::io::Error::other(e.to_string())))?;
            have += 1;
            k += 1;
        }
        Ok(())
    })?;
    let students: i64 = db.conn().query_row(
        "SELECT count(DISTINCT student_id) FROM placement WHERE academic_year_id = ?1",
        [year_id],
        |r| r.get(0),
    )?;
    Ok((path, students as usize))
}

/// A fresh copy of the school to roll over.
fn fresh_copy(original: &Path, copy: &Path) -> Result<Db, Box<dyn std::error::Error>> {
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", copy.display()));
    }
    std::fs::copy(original, copy)?;
    Ok(Db::open(copy)?)
}

/// Runs the stages asked (None: all) on `db`, checking that they ran; the backup is deleted.
fn roll(db: &Db, stage: Option<u8>) -> Result<Duration, Box<dyn std::error::Error>> {
    let options = RolloverOptions {
        to: "2027-2028".into(),
        stage,
        ..RolloverOptions::default()
    };
    let start = Instant::now();
    let report = rollover::run(db, &options, date(2027, 6, 15), &mut |_, _, _| {})?;
    let spent = start.elapsed();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert!(report.stages.iter().all(|s| !s.already_done));
    if let Some(two) = report.stages.iter().find(|s| s.stage == 2) {
        let c = &two.created;
        assert!(c.classes > 0 && c.placements > 0 && c.load_lines > 0 && c.curricula > 0);
    }
    if let Some(backup) = &report.backup {
        std::fs::remove_file(backup)?;
    }
    Ok(spent)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// The whole rollover in one run (one backup), `runs` times on fresh copies, then each stage
/// on its own (a backup each).
fn measure(
    dir: &Path,
    classes_total: usize,
    runs: usize,
) -> Result<(), Box<dyn std::error::Error>> {
    let start = Instant::now();
    let (path, students) = school(dir, classes_total)?;
    println!(
        "school of {classes_total} classes, {students} students made in {:.1?}",
        start.elapsed()
    );
    let copy = dir.join("copy.zavuch");
    let mut whole = Vec::new();
    for _ in 0..runs {
        let db = fresh_copy(&path, &copy)?;
        whole.push(roll(&db, None)?);
    }
    let db = fresh_copy(&path, &copy)?;
    let stages = (1..=4u8)
        .map(|stage| Ok(format!("stage {stage}: {:.1?}", roll(&db, Some(stage))?)))
        .collect::<Result<Vec<_>, Box<dyn std::error::Error>>>()?;
    println!(
        "  whole rollover, stages 1–4 in one run with its backup: {:.1?} (median of {runs}); \
         each stage alone with its own backup: {}",
        median(whole),
        stages.join(", ")
    );
    Ok(())
}

/// `ZAVUCH_BENCH_CLASSES=80,320` measures other sizes (the first one `RUNS` times);
/// `ZAVUCH_BENCH_DIR=folder` keeps the generated schools there and uses them again next time.
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let temp = tempfile::tempdir()?;
    let dir = std::env::var_os("ZAVUCH_BENCH_DIR").map_or(temp.path().to_path_buf(), PathBuf::from);
    let dir = dir.as_path();
    let sizes: Vec<usize> = match std::env::var("ZAVUCH_BENCH_CLASSES") {
        Ok(list) => list.split(',').map(str::parse).collect::<Result<_, _>>()?,
        Err(_) => vec![80, 800],
    };
    for (i, classes) in sizes.into_iter().enumerate() {
        measure(dir, classes, if i == 0 { RUNS } else { 1 })?;
    }
    Ok(())
}
