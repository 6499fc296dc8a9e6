use super::*;
use crate::marks::{closure, period_by_name, set_pass_fail};
use crate::testkit::{self, class_id};
use crate::year;
use std::path::PathBuf;

/// The demo school without its marks and pass/fail subjects; 5 А and its first term.
struct School {
    _dir: tempfile::TempDir,
    db: Db,
    class_id: i64,
    period: Period,
}

impl School {
    fn new() -> School {
        School::of_class("5 А")
    }

    fn of_class(label: &str) -> School {
        let (dir, db) = crate::marks::results::tests::school();
        let class_id = class_id(&db, label);
        let period = period_by_name(&db, class_id, "1 четверть").unwrap().period;
        School {
            _dir: dir,
            db,
            class_id,
            period,
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self._dir.path().join(name)
    }

    fn sheet(&self) -> MarkSheet {
        sheet(&self.db, self.class_id, self.period).unwrap()
    }

    /// A CSV file of `lines` (`;` between cells).
    fn csv(&self, lines: &[String]) -> PathBuf {
        let path = self.path("marks.csv");
        std::fs::write(&path, lines.join("\n")).unwrap();
        path
    }

    fn import(&self, path: &Path) -> Result<Preview> {
        import(
            &self.db,
            path,
            self.class_id,
            self.period,
            &Options::default(),
        )
    }

    fn backups(&self) -> usize {
        let file = self.db.path().expect("a school file");
        crate::backup::before_imports(file).len()
    }
}

fn subject_index(sheet: &MarkSheet, name: &str) -> usize {
    sheet.subjects.iter().position(|s| s.name == name).unwrap()
}

/// Marks of the first students of 5 А in the first subjects (a variety of values), music made
/// pass/fail, and absences.
fn fill(school: &School) -> MarkSheet {
    let db = &school.db;
    let sheet = school.sheet();
    let music = sheet.subjects[subject_index(&sheet, "Музыка")].subject_id;
    let year = year::current(db).unwrap().unwrap().id.unwrap();
    set_pass_fail(db, year, 5, music, true).unwrap();
    let values = [
        MarkValue::Five,
        MarkValue::Four,
        MarkValue::Three,
        MarkValue::Two,
        MarkValue::NotAttested,
        MarkValue::Exempt,
    ];
    let mut entries = Vec::new();
    for (i, s) in sheet.students.iter().take(6).enumerate() {
        let graded = sheet.subjects.iter().filter(|s| s.subject_id != music);
        for (k, subject) in graded.enumerate().take(4) {
            entries.push(MarkEntry {
                student_id: s.student_id,
                subject_id: subject.subject_id,
                value: Some(values[(i + k) % values.len()]),
            });
        }
        entries.push(MarkEntry {
            student_id: s.student_id,
            subject_id: music,
            value: Some(if i % 2 == 0 {
                MarkValue::Passed
            } else {
                MarkValue::Failed
            }),
        });
    }
    set_marks(db, school.class_id, school.period, &entries).unwrap();
    let absences: Vec<AbsenceEntry> = sheet
        .students
        .iter()
        .take(3)
        .enumerate()
        .map(|(i, s)| AbsenceEntry {
            student_id: s.student_id,
            missed: Some(10 * i as i32),
            of_illness: Some(2 * i as i32),
        })
        .collect();
    set_absences(db, school.class_id, school.period, &absences).unwrap();
    school.sheet()
}

fn codes(errors: &[CellError]) -> Vec<&str> {
    errors.iter().map(|e| e.code).collect()
}

fn refusal(e: CoreError) -> String {
    e.fields()[0].code.clone()
}

#[test]
fn an_exported_sheet_imports_back_unchanged() {
    let school = School::new();
    let before = fill(&school);
    let file = school.path("5 А.xlsx");
    let n = export(&school.db, school.class_id, school.period, &file).unwrap();
    assert_eq!(n, before.students.len());

    // The layout: the title, then № | № личного дела | ФИО | subjects | absences.
    let book = Workbook::open(&file).unwrap();
    let rows = &book.sheets[0].rows;
    assert_eq!(
        rows[0].cell(0).display(),
        "Отметки 5 А класса за период «1 четверть», 2026-2027 учебный год"
    );
    let header: Vec<String> = rows[1].cells.iter().map(Cell::display).collect();
    let mut expected = vec!["№".to_string(), "№ личного дела".into(), "ФИО".into()];
    expected.extend(before.subjects.iter().map(|s| s.name.clone()));
    expected.extend(["Пропущено уроков".into(), "из них по болезни".into()]);
    assert_eq!(header, expected);
    let first = &before.students[0];
    assert_eq!(rows[2].cell(2).display(), first.full_name);
    assert_eq!(rows[2].cell(3).display(), first.marks[0].unwrap().short());
    let music = 3 + subject_index(&before, "Музыка");
    assert_eq!(rows[2].cell(music).display(), "зач");
    assert_eq!(rows[3].cell(music).display(), "незач");

    let preview = school.import(&file).unwrap();
    assert!(preview.errors.is_empty(), "{:?}", preview.errors);
    assert_eq!(preview.unchanged as usize, before.students.len());
    assert_eq!((preview.added, preview.updated), (0, 0));
    assert_eq!(school.sheet(), before);
    assert_eq!(school.backups(), 0, "nothing to write, no backup");
}

#[test]
fn a_changed_sheet_writes_marks_and_absences_in_one_go() {
    let school = School::new();
    let before = fill(&school);
    let (a, b) = (&before.students[0], &before.students[1]);
    let names = &before.subjects;
    // Columns by short name and in another case; rows by file number alone, by name alone with
    // «е» for «ё» and without the patronymic.
    let lines = vec![
        format!(
            "№ личного дела;ФИО;{};{};Пропущено уроков;из них по болезни",
            names[0].short_name.to_uppercase(),
            names[1].name
        ),
        format!("{};;4;;7;3", a.file_number),
        format!(
            ";{};5;н/а;;",
            people::full_name(&b.last_name, &b.first_name, "").replace('ё', "е")
        ),
    ];
    let preview = school.import(&school.csv(&lines)).unwrap();
    assert!(preview.errors.is_empty(), "{:?}", preview.errors);
    assert_eq!((preview.updated, preview.unchanged), (2, 0));
    let after = school.sheet();
    let (a2, b2) = (&after.students[0], &after.students[1]);
    assert_eq!(a2.marks[0], Some(MarkValue::Four));
    assert_eq!(
        a2.marks[1], None,
        "an empty cell of a column in the file clears the mark"
    );
    assert_eq!(a2.marks[2], a.marks[2], "a column not in the file is kept");
    assert_eq!((a2.missed, a2.of_illness), (Some(7), Some(3)));
    assert_eq!(b2.marks[0], Some(MarkValue::Five));
    assert_eq!((b2.missed, b2.of_illness), (None, None));
    assert_eq!(school.backups(), 1);
    // Again: nothing to do.
    let again = school.import(&school.csv(&lines)).unwrap();
    assert_eq!((again.updated, again.unchanged), (0, 2));
}

#[test]
fn a_pass_fail_subject_takes_its_marks() {
    let school = School::new();
    let sheet = fill(&school);
    let s = &sheet.students[0];
    let lines = vec![
        "№ личного дела;Музыка;Математика".to_string(),
        format!("{};5;зачтено", s.file_number),
    ];
    let preview = school.import(&school.csv(&lines)).unwrap();
    assert_eq!(
        codes(&preview.errors),
        ["mark_kind_mismatch", "mark_kind_mismatch"]
    );
    assert_eq!(preview.errors[0].column, "Музыка");
    assert_eq!(preview.errors[1].column, "Математика");
    assert_eq!(school.sheet(), sheet);
}

#[test]
fn every_bad_cell_is_named_by_row_and_column_and_nothing_is_written() {
    let school = School::new();
    let before = fill(&school);
    let [a, b, c, d] = [0, 1, 2, 3].map(|i| &before.students[i]);
    let lines = vec![
        "Ведомость отметок".to_string(),
        String::new(),
        "№;№ личного дела;ФИО;Математика;Рисование;Пропущено уроков;из них по болезни".into(),
        format!("1;{};{};отл;5;;", a.file_number, a.full_name),
        ";;Никитин Никита Никитич;5;;;".into(),
        format!("3;{};{};4;;3;5", b.file_number, b.full_name),
        format!("4;{};{};4;;-2;", c.file_number, a.full_name),
        format!("5;;{};4;;;", c.full_name),
        format!("6;;{};4;;;", c.full_name.to_uppercase()),
        format!("7;{};;4;;2,5;", d.file_number),
        "8;;;3;;;".into(),
        ";;;5;;;".into(),
    ];
    let preview = school.import(&school.csv(&lines)).unwrap();
    let found: Vec<(u32, &str, &str)> = preview
        .errors
        .iter()
        .map(|e| (e.row, e.column.as_str(), e.code))
        .collect();
    assert_eq!(
        found,
        [
            (3, "Рисование", "mark_subject_column_unknown"),
            (4, "Математика", "not_a_mark"),
            (5, "ФИО", "mark_student_unknown"),
            (6, "из них по болезни", "illness_above_missed"),
            (7, "№ личного дела", "mark_file_number_of_other"),
            (9, "ФИО", "mark_row_repeated"),
            (10, "Пропущено уроков", "not_an_integer"),
            (11, "ФИО", "mark_row_no_student"),
            (12, "", "mark_row_no_student"),
        ]
    );
    assert!(preview.errors[0].message.contains("«Математика»"));
    assert!(preview.errors[5].message.contains("строке 8"));
    assert_eq!(
        preview.unchanged + preview.updated,
        1,
        "only row 8 is valid"
    );
    assert_eq!(school.sheet(), before);
    assert_eq!(school.backups(), 0);

    // A negative count, on its own.
    let lines = vec![
        "№ личного дела;Пропущено уроков".to_string(),
        format!("{};-2", a.file_number),
    ];
    let preview = school.import(&school.csv(&lines)).unwrap();
    assert_eq!(codes(&preview.errors), ["not_in_range"]);
}

#[test]
fn valid_rows_only_writes_the_rows_without_errors() {
    let school = School::new();
    let before = fill(&school);
    let (a, b) = (&before.students[0], &before.students[1]);
    let lines = vec![
        "№ личного дела;Математика".to_string(),
        format!("{};3", a.file_number),
        format!("{};семь", b.file_number),
    ];
    let options = Options {
        valid_only: true,
        dry_run: false,
    };
    let file = school.csv(&lines);
    let preview = import(&school.db, &file, school.class_id, school.period, &options).unwrap();
    assert_eq!(codes(&preview.errors), ["not_a_mark"]);
    assert_eq!(preview.updated, 1);
    let after = school.sheet();
    let maths = subject_index(&after, "Математика");
    assert_eq!(after.students[0].marks[maths], Some(MarkValue::Three));
    assert_eq!(after.students[1].marks[maths], b.marks[maths]);
}

#[test]
fn a_subject_the_student_does_not_study_is_left_alone_and_refused_when_filled() {
    // 8 А has a student on an individual curriculum: without one subject of the class, and
    // with a mark in it stored before (the curriculum changed since).
    let school = School::of_class("8 А");
    school
        .db
        .write(|c| {
            Ok(c.execute_batch(
                "DELETE FROM curriculum_line WHERE id = (
                   SELECT max(l.id) FROM curriculum_line l JOIN curriculum u ON u.id = l.curriculum_id
                    WHERE u.kind = 'individual' AND l.part = 'mandatory');",
            )?)
        })
        .unwrap();
    let sheet = school.sheet();
    let (s, k) = sheet
        .students
        .iter()
        .find_map(|s| s.studies.iter().position(|x| !x).map(|k| (s, k)))
        .expect("a student with an individual curriculum");
    let subject = &sheet.subjects[k].name;
    school
        .db
        .write(|c| {
            Ok(c.execute(
                "INSERT INTO mark (academic_year_id, student_id, subject_id, period_kind, term_id, value)
                 SELECT academic_year_id, ?1, ?2, 'term', ?3, 'four' FROM class WHERE id = ?4",
                rusqlite::params![
                    s.student_id,
                    sheet.subjects[k].subject_id,
                    school.period.term_id,
                    school.class_id
                ],
            )?)
        })
        .unwrap();
    let before = school.sheet();
    assert_eq!(
        before.students[s.number as usize - 1].marks[k],
        Some(MarkValue::Four)
    );
    let file = school.path("8 А.xlsx");
    export(&school.db, school.class_id, school.period, &file).unwrap();
    let preview = school.import(&file).unwrap();
    assert!(preview.errors.is_empty(), "{:?}", preview.errors);
    assert_eq!(preview.updated, 0);
    assert_eq!(school.sheet(), before, "the stored mark stays");
    let lines = vec![format!("ФИО;{subject}"), format!("{};5", s.full_name)];
    let preview = school.import(&school.csv(&lines)).unwrap();
    assert_eq!(codes(&preview.errors), ["subject_not_studied"]);
    assert_eq!(preview.errors[0].column, *subject);
}

#[test]
fn latin_look_alikes_in_a_name_find_the_student() {
    let school = School::new();
    let sheet = school.sheet();
    let s = &sheet.students[0];
    let latin: String = s
        .full_name
        .chars()
        .map(|c| match c {
            'о' => 'o',
            'а' => 'a',
            'е' => 'e',
            c => c,
        })
        .collect();
    assert_ne!(latin, s.full_name);
    let lines = vec!["ФИО;Математика".to_string(), format!("  {latin} ;5")];
    let preview = school.import(&school.csv(&lines)).unwrap();
    assert!(preview.errors.is_empty(), "{:?}", preview.errors);
    let maths = subject_index(&sheet, "Математика");
    assert_eq!(
        school.sheet().students[0].marks[maths],
        Some(MarkValue::Five)
    );
}

#[test]
fn an_unknown_file_number_is_a_warning_when_the_name_finds_the_student() {
    let school = School::new();
    let s = school.sheet().students[0].clone();
    let lines = vec![
        "№ личного дела;ФИО;Математика".to_string(),
        format!("999;{};5", s.full_name),
        "998;;5".to_string(),
    ];
    let preview = school.import(&school.csv(&lines)).unwrap();
    assert_eq!(codes(&preview.warnings), ["mark_file_number_unknown"]);
    assert!(preview.warnings[0].message.contains(&s.file_number));
    assert_eq!(codes(&preview.errors), ["mark_student_unknown"]);
    assert_eq!(preview.errors[0].column, "№ личного дела");
}

#[test]
fn a_closed_period_is_refused_and_nothing_changes() {
    let school = School::new();
    let before = fill(&school);
    let file = school.path("5 А.xlsx");
    export(&school.db, school.class_id, school.period, &file).unwrap();
    let s = &before.students[0];
    let lines = vec![
        "№ личного дела;Математика".to_string(),
        format!("{};2", s.file_number),
    ];
    let changed = school.csv(&lines);
    let at = chrono::NaiveDate::from_ymd_opt(2026, 10, 27)
        .unwrap()
        .and_hms_opt(15, 40, 0)
        .unwrap();
    closure::close(&school.db, school.class_id, school.period, at).unwrap();
    let closed = school.sheet();

    let e = school.import(&changed).unwrap_err();
    assert_eq!(refusal(e), "period_closed");
    let options = Options {
        valid_only: true,
        dry_run: false,
    };
    let e = import(
        &school.db,
        &changed,
        school.class_id,
        school.period,
        &options,
    )
    .unwrap_err();
    assert_eq!(refusal(e), "period_closed");
    let preview = preview(&school.db, &changed, school.class_id, school.period).unwrap();
    assert_eq!(codes(&preview.errors), ["period_closed"]);
    assert_eq!(preview.errors[0].row, 0);
    assert_eq!(school.sheet(), closed);
    assert_eq!(school.backups(), 0);
    // The export of a closed period still works (the archive copy).
    export(&school.db, school.class_id, school.period, &file).unwrap();
}

#[test]
fn grade_1_has_no_sheet_to_exchange() {
    let school = School::new();
    let first = class_id(&school.db, "1 А");
    let year = period_by_name(&school.db, first, "год").unwrap().period;
    let file = school.path("1 А.xlsx");
    for e in [
        export(&school.db, first, year, &file).unwrap_err(),
        template(&school.db, first, year, &file).unwrap_err(),
        preview(&school.db, &file, first, year).unwrap_err(),
    ] {
        assert_eq!(refusal(e), "no_marks_in_grade_1");
    }
}

#[test]
fn the_year_has_no_absence_columns() {
    let school = School::new();
    let year = period_by_name(&school.db, school.class_id, "Год")
        .unwrap()
        .period;
    let file = school.path("год.xlsx");
    template(&school.db, school.class_id, year, &file).unwrap();
    let book = Workbook::open(&file).unwrap();
    let header: Vec<String> = book.sheets[0].rows[1]
        .cells
        .iter()
        .map(Cell::display)
        .collect();
    assert!(!header.iter().any(|h| h.contains("Пропущено")));
    let s = &school.sheet().students[0];
    let lines = vec![
        "№ личного дела;Математика;Пропущено уроков".to_string(),
        format!("{};5;3", s.file_number),
    ];
    let preview = import(
        &school.db,
        &school.csv(&lines),
        school.class_id,
        year,
        &Options::default(),
    )
    .unwrap();
    assert_eq!(codes(&preview.errors), ["absences_only_per_term"]);
    assert_eq!(preview.errors[0].column, "Пропущено уроков");
}

#[test]
fn the_template_lists_the_students_without_marks() {
    let school = School::new();
    let sheet = fill(&school);
    let file = school.path("шаблон.xlsx");
    template(&school.db, school.class_id, school.period, &file).unwrap();
    let book = Workbook::open(&file).unwrap();
    let rows = &book.sheets[0].rows;
    let data: Vec<&Row> = rows.iter().skip(2).collect();
    assert_eq!(data.len(), sheet.students.len());
    for (row, s) in data.iter().zip(&sheet.students) {
        assert_eq!(row.cell(1).display(), s.file_number);
        assert_eq!(row.cell(2).display(), s.full_name);
        assert!((3..row.cells.len()).all(|c| row.cell(c).is_blank()));
    }
    // Filled in, it reads: every row is about a student.
    let preview = preview(&school.db, &file, school.class_id, school.period).unwrap();
    assert!(preview.errors.is_empty(), "{:?}", preview.errors);
}

#[test]
fn a_file_without_the_students_columns_is_refused() {
    let school = School::new();
    let lines = vec!["Пропущено уроков;Математика".to_string(), "3;5".into()];
    let preview = school.import(&school.csv(&lines)).unwrap();
    assert_eq!(codes(&preview.errors), ["missing_column"]);
    assert!(preview.errors[0].message.contains("ФИО"));
}

#[test]
fn cancel_stops_the_import_and_writes_nothing() {
    let school = School::new();
    let before = fill(&school);
    let s = &before.students[0];
    let lines = vec![
        "№ личного дела;Математика".to_string(),
        format!("{};2", s.file_number),
    ];
    let cancel = Cancel::default();
    cancel.cancel();
    let e = import_with_progress(
        &school.db,
        &school.csv(&lines),
        school.class_id,
        school.period,
        &Options::default(),
        &mut |_, _| {},
        &cancel,
    )
    .unwrap_err();
    assert_eq!(refusal(e), "import_cancelled");
    assert_eq!(school.sheet(), before);
}

#[test]
fn the_demo_school_exports_and_imports_back_unchanged_in_every_class() {
    let (dir, db) = testkit::demo();
    let year = year::current(&db).unwrap().unwrap().id.unwrap();
    let classes = crate::marks::classes_with_period(&db, year, "год").unwrap();
    assert!(classes.len() > 20);
    for (class_id, _) in classes {
        let periods = crate::marks::periods(&db, class_id).unwrap();
        // The first term (the demo's marks) and the year.
        for info in [
            periods.first().unwrap(),
            periods.iter().find(|p| p.name == "Год").unwrap(),
        ] {
            let before = sheet(&db, class_id, info.period).unwrap();
            let file = dir.path().join("class.xlsx");
            export(&db, class_id, info.period, &file).unwrap();
            let preview = import(&db, &file, class_id, info.period, &Options::default()).unwrap();
            let what = format!("{} {}", before.class_label, info.name);
            assert!(preview.errors.is_empty(), "{what}: {:?}", preview.errors);
            assert!(
                preview.warnings.is_empty(),
                "{what}: {:?}",
                preview.warnings
            );
            assert_eq!(preview.unchanged as usize, before.students.len(), "{what}");
            assert_eq!(sheet(&db, class_id, info.period).unwrap(), before, "{what}");
        }
    }
}
