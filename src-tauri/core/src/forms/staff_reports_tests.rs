//! The tariff list and the staff composition against counts made by hand on a small school:
//! four staff working on 1 September 2026 with experience on the bands' edges, one who left
//! before and one hired after.

use super::staff_composition::{self, StaffComposition, SummaryLine};
use super::tariff::{self, TariffList};
use crate::classes::tests::{add as add_class, d, year_2026};
use crate::curriculum::tests::subject;
use crate::curriculum::{self, Curriculum, CurriculumKind, CurriculumLine, CurriculumPart};
use crate::db::Db;
use crate::load::{self, LoadUnit};
use crate::people::Sex;
use crate::print::tests::{poppler, save};
use crate::staff::{
    self, AcademicDegree, Appointment, EducationLevel, QualificationCategory, StaffMember,
};
use crate::{classes, subjects};
use chrono::NaiveDate;

const MATH: &str = "Математика";
const PHYSICS: &str = "Физика";

fn first_september() -> NaiveDate {
    d(2026, 9, 1)
}

/// A class of `grade` with a curriculum of `lines` (subject, hours a week).
fn class_with(db: &Db, year: i64, grade: i32, lines: &[(&str, f64)]) -> i64 {
    let class = add_class(db, year, grade, "А").id.unwrap();
    let template = Curriculum {
        grade,
        name: format!("План {grade}"),
        lines: lines
            .iter()
            .map(|(name, hours)| CurriculumLine {
                id: None,
                part: CurriculumPart::Mandatory,
                subject_id: Some(subject(db, name)),
                course: String::new(),
                hours_first: *hours,
                hours_second: *hours,
                label: String::new(),
                annual_hours: 0.0,
            })
            .collect(),
        ..Curriculum::new(year, CurriculumKind::Template)
    };
    let template = curriculum::save(db, &template).unwrap().value.id.unwrap();
    curriculum::assign(db, template, &[class]).unwrap();
    class
}

/// A staff member with one appointment at `position` from `hired` (until `left`).
fn hire(
    db: &Db,
    name: [&str; 3],
    position: &str,
    rate: f64,
    (hired, left): (NaiveDate, Option<NaiveDate>),
    facts: impl FnOnce(&mut StaffMember),
) -> i64 {
    let position = staff::find_position(db, position).unwrap().unwrap();
    let mut m = StaffMember {
        last_name: name[0].into(),
        first_name: name[1].into(),
        patronymic: name[2].into(),
        appointments: vec![Appointment {
            id: None,
            staff_position_id: position.id.unwrap(),
            rate,
            hired_on: Some(hired),
            hire_order: Default::default(),
            left_on: left,
            leave_order: Default::default(),
            leave_reason: String::new(),
            transferred_from_id: None,
            position_name: String::new(),
        }],
        ..StaffMember::blank()
    };
    facts(&mut m);
    staff::save(db, &m, d(2026, 11, 25))
        .unwrap()
        .value
        .id
        .unwrap()
}

/// Gives the whole class line of `label` in `class` to `teacher`.
fn teach(db: &Db, year: i64, class: i64, label: &str, teacher: i64) {
    let line = curriculum::class_hours(db, year)
        .unwrap()
        .into_iter()
        .find(|l| l.class_id == class && l.label == label)
        .unwrap();
    let unit = LoadUnit {
        line_id: line.line_id,
        subgroup_id: None,
    };
    load::assign(db, unit, Some(teacher), first_september()).unwrap();
}

/// The school: 3 А (mathematics 4), 7 А (mathematics 5, physics 2), 10 А (mathematics 4,
/// physics 2).
///
/// | who | position | education | category | experience since | pedagogical since | born |
/// |---|---|---|---|---|---|---|
/// | Иванова | Учитель 1 | высшее пед. | высшая 15.03.2024 | 01.09.2006 (20 лет) | 02.09.2006 (19 л. 11 м.) | 01.09.1980 (46) |
/// | Кириллова | Директор 1 | высшее пед. | — | 01.01.2001 | 01.01.2001 | — |
/// | Петров | Учитель 1 | СПО пед. | первая 01.12.2025 | 01.09.2023 (3 года) | 01.09.2023 | 02.09.2001 (24) |
/// | Сидорова | Педагог-психолог 0,5 | высшее | — | 02.09.2024 (1 г. 11 м.) | — | 31.08.1996 (30) |
///
/// Иванова teaches mathematics in 3 А and 10 А and leads 3 А; Петров teaches 7 А; the
/// director teaches physics in 10 А. Орлова left on 30.06.2026, Новикова comes on 01.10.2026.
fn school() -> (Db, i64) {
    let db = Db::in_memory().unwrap();
    subjects::seed_federal(&db).unwrap();
    let year = year_2026(&db);
    let c3 = class_with(&db, year, 3, &[(MATH, 4.0)]);
    let c7 = class_with(&db, year, 7, &[(MATH, 5.0), (PHYSICS, 2.0)]);
    let c10 = class_with(&db, year, 10, &[(MATH, 4.0), (PHYSICS, 2.0)]);
    let since = (d(2010, 9, 1), None);
    let ivanova = hire(
        &db,
        ["Иванова", "Анна", "Петровна"],
        "Учитель",
        1.0,
        since,
        |m| {
            m.birth_date = Some(d(1980, 9, 1));
            m.education_level = EducationLevel::Higher;
            m.pedagogical_education = true;
            m.education = "РГПУ им. А. И. Герцена, 2003, учитель математики".into();
            m.qualification_category = QualificationCategory::Highest;
            m.category_awarded_on = Some(d(2024, 3, 15));
            m.experience_since = Some(d(2006, 9, 1));
            m.pedagogical_experience_since = Some(d(2006, 9, 2));
            m.academic_degree = AcademicDegree::Candidate;
            m.honorary_titles = "Почётный работник воспитания и просвещения РФ".into();
        },
    );
    let director = hire(
        &db,
        ["Кириллова", "Наталья", "Викторовна"],
        "Директор",
        1.0,
        since,
        |m| {
            m.education_level = EducationLevel::Higher;
            m.pedagogical_education = true;
            m.experience_since = Some(d(2001, 1, 1));
            m.pedagogical_experience_since = Some(d(2001, 1, 1));
        },
    );
    let petrov = hire(
        &db,
        ["Петров", "Игорь", "Сергеевич"],
        "Учитель",
        1.0,
        since,
        |m| {
            m.sex = Sex::Male;
            m.birth_date = Some(d(2001, 9, 2));
            m.education_level = EducationLevel::SecondaryVocational;
            m.pedagogical_education = true;
            m.qualification_category = QualificationCategory::First;
            m.category_awarded_on = Some(d(2025, 12, 1));
            m.experience_since = Some(d(2023, 9, 1));
            m.pedagogical_experience_since = Some(d(2023, 9, 1));
        },
    );
    hire(
        &db,
        ["Сидорова", "Мария", "Ивановна"],
        "Педагог-психолог",
        0.5,
        since,
        |m| {
            m.birth_date = Some(d(1996, 8, 31));
            m.education_level = EducationLevel::Higher;
            m.experience_since = Some(d(2024, 9, 2));
        },
    );
    let left = (d(2010, 9, 1), Some(d(2026, 6, 30)));
    hire(
        &db,
        ["Орлова", "Вера", "Андреевна"],
        "Учитель",
        1.0,
        left,
        |_| {},
    );
    let later = (d(2026, 10, 1), None);
    hire(
        &db,
        ["Новикова", "Ирина", "Олеговна"],
        "Учитель",
        1.0,
        later,
        |_| {},
    );
    teach(&db, year, c3, MATH, ivanova);
    teach(&db, year, c10, MATH, ivanova);
    teach(&db, year, c7, MATH, petrov);
    teach(&db, year, c7, PHYSICS, petrov);
    teach(&db, year, c10, PHYSICS, director);
    let mut card = classes::get(&db, c3).unwrap();
    card.class_teacher_id = Some(ivanova);
    classes::save(&db, &card, d(2026, 11, 25)).unwrap();
    (db, year)
}

fn names(form: &TariffList) -> Vec<&str> {
    form.rows.iter().map(|r| r.full_name.as_str()).collect()
}

#[test]
fn the_tariff_list_has_the_pedagogical_staff_with_hours_by_level() {
    let (db, year) = school();
    let form = tariff::compute(&db, year, None).unwrap();
    assert_eq!(form.on, first_september());
    // The director teaches, the psychologist holds a pedagogical position; Орлова left,
    // Новикова comes later.
    assert_eq!(
        names(&form),
        [
            "Иванова Анна Петровна",
            "Кириллова Наталья Викторовна",
            "Петров Игорь Сергеевич",
            "Сидорова Мария Ивановна"
        ]
    );
    let ivanova = form.rows[0].cells(1);
    assert_eq!(ivanova[2], "Учитель: Математика");
    assert_eq!(
        ivanova[3],
        "Высшее педагогическое\nРГПУ им. А. И. Герцена, 2003, учитель математики\nКандидат наук\nПочётный работник воспитания и просвещения РФ"
    );
    assert_eq!(ivanova[4], "19 лет 11 мес.");
    assert_eq!(ivanova[5], "Высшая, 15.03.2024");
    assert_eq!(ivanova[6], "1,00");
    assert_eq!(ivanova[7..], ["4", "", "4", "3 А", "8"]);
    let director = form.rows[1].cells(2);
    assert_eq!(director[2], "Директор: Физика");
    assert_eq!(director[4], "25 лет 8 мес.");
    assert_eq!(director[7..], ["", "", "2", "", "2"]);
    let petrov = form.rows[2].cells(3);
    assert_eq!(petrov[2], "Учитель: Математика, Физика");
    assert_eq!(petrov[4], "3 года");
    assert_eq!(petrov[5], "Первая, 01.12.2025");
    assert_eq!(petrov[7..], ["", "7", "", "", "7"]);
    let psychologist = form.rows[3].cells(4);
    assert_eq!(psychologist[2], "Педагог-психолог");
    assert_eq!(psychologist[4], "");
    assert_eq!(psychologist[5], "Без категории");
    assert_eq!(psychologist[6], "0,50");
    assert_eq!(psychologist[11], "");
    // 4 + 7 + 6 hours: every load line of the school.
    let (by_level, all) = form.total();
    assert_eq!(by_level, [(4.0, 4.0), (7.0, 7.0), (6.0, 6.0)]);
    assert_eq!(all, (17.0, 17.0));
}

#[test]
fn the_tariff_list_on_another_day_counts_who_works_then() {
    let (db, year) = school();
    let form = tariff::compute(&db, year, Some(d(2026, 10, 1))).unwrap();
    assert!(names(&form).contains(&"Новикова Ирина Олеговна"));
    assert_eq!(form.rows[0].cells(1)[4], "20 лет");
    let outside = tariff::compute(&db, year, Some(d(2027, 9, 1))).unwrap_err();
    assert_eq!(outside.fields()[0].code, "date_outside_year");
}

#[test]
fn the_tariff_list_prints_and_saves_as_xlsx() {
    use calamine::{Reader, Xlsx};
    let (db, year) = school();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tariff.pdf");
    let form = tariff::save(&db, year, None, &path).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let text = poppler("pdftotext", &["-layout"], &save("forms-tariff.pdf", &bytes));
    assert!(text.contains("Тарификационный список педагогических работников"));
    assert!(text.contains("по состоянию на 01.09.2026"));
    assert!(text.contains("19 лет 11 мес."));
    assert!(text.contains("Итого"));
    let path = dir.path().join("tariff.xlsx");
    tariff::save(&db, year, None, &path).unwrap();
    save("forms-tariff.xlsx", &std::fs::read(&path).unwrap());
    let mut book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let sheet = book.worksheet_range("Тарификация").unwrap();
    let cells: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(cells[4][0], "№");
    assert_eq!(cells[4][7], tariff::HOURS_TITLE);
    assert_eq!(cells[5][7..10], ["I–IV", "V–IX", "X–XI"]);
    assert_eq!(cells[6][1], "Иванова Анна Петровна");
    assert_eq!(cells[6][7..], ["4", "", "4", "3 А", "8"]);
    let total = &cells[6 + form.rows.len()];
    assert_eq!(total[0], "Итого");
    assert_eq!(total[6..], ["3.5", "4", "7", "6", "", "17"]);
    let refused = tariff::save(&db, year, None, &dir.path().join("tariff.doc")).unwrap_err();
    assert_eq!(refused.fields()[0].code, "not_a_report_format");
}

fn group<'a>(form: &'a StaffComposition, title: &str) -> Vec<(&'a str, i32, i32)> {
    form.summary
        .iter()
        .find(|g| g.title == title)
        .unwrap()
        .lines
        .iter()
        .map(
            |SummaryLine {
                 label,
                 all,
                 pedagogical,
             }| (label.as_str(), *all, *pedagogical),
        )
        .collect()
}

#[test]
fn the_staff_composition_counts_by_hand() {
    let (db, year) = school();
    let form = staff_composition::compute(&db, year, None).unwrap();
    let rows: Vec<[String; 10]> = form
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| r.cells(i + 1))
        .collect();
    assert_eq!(rows.len(), 4);
    assert_eq!(
        rows[0][1..],
        [
            "Иванова Анна Петровна",
            "Учитель",
            "ж",
            "46",
            "Высшее педагогическое\nРГПУ им. А. И. Герцена, 2003, учитель математики",
            "Высшая, 15.03.2024",
            "20",
            "19",
            "Кандидат наук\nПочётный работник воспитания и просвещения РФ",
        ]
    );
    assert_eq!(rows[1][3..5], ["ж", ""]);
    assert_eq!(
        rows[2][3..9],
        [
            "м",
            "24",
            "Среднее профессиональное педагогическое",
            "Первая, 01.12.2025",
            "3",
            "3"
        ]
    );
    assert_eq!(rows[3][4..9], ["30", "Высшее", "Без категории", "1", ""]);
    assert_eq!(
        group(&form, "Численность"),
        [("Всего работников", 4, 3), ("из них женщин", 3, 2)]
    );
    assert_eq!(
        group(&form, "По уровню образования"),
        [
            ("Не указан", 0, 0),
            ("Высшее", 3, 2),
            ("Среднее профессиональное", 1, 1),
            ("Среднее общее", 0, 0),
            (
                "из них педагогическое (высшее и среднее профессиональное)",
                3,
                2
            ),
        ]
    );
    let category = group(&form, "По квалификационной категории");
    assert_eq!(category[0], ("Без категории", 2, 1));
    assert_eq!(category[2], ("Первая", 1, 1));
    assert_eq!(category[3], ("Высшая", 1, 1));
    // 1 г. 11 мес. is under 3; exactly 3 years is «от 3 до 5»; exactly 20 is «20 и более».
    assert_eq!(
        group(&form, "По общему стажу работы"),
        [
            ("до 3 лет", 1, 1),
            ("от 3 до 5 лет", 1, 1),
            ("от 5 до 10 лет", 0, 0),
            ("от 10 до 15 лет", 0, 0),
            ("от 15 до 20 лет", 0, 0),
            ("20 лет и более", 2, 1),
            ("не указан", 0, 0),
        ]
    );
    // 19 years 11 months is still under 20.
    let pedagogical = group(&form, "По педагогическому стажу");
    assert_eq!(pedagogical[1], ("от 3 до 5 лет", 1, 1));
    assert_eq!(pedagogical[4], ("от 15 до 20 лет", 1, 1));
    assert_eq!(pedagogical[5], ("20 лет и более", 1, 0));
    assert_eq!(pedagogical[6], ("не указан", 1, 1));
    let age = group(&form, "По возрасту");
    assert_eq!(age[0], ("моложе 25 лет", 1, 1));
    assert_eq!(age[2], ("30–34 года", 1, 1));
    assert_eq!(age[5], ("45–49 лет", 1, 1));
    assert_eq!(age[10], ("не указан", 1, 0));
    for g in &form.summary[1..] {
        let sum: i32 = g.lines.iter().take(g.lines.len() - 1).map(|l| l.all).sum();
        let last = g.lines.last().unwrap().all;
        // Every group but the education one (its last line is a part) counts everyone once.
        if g.title != "По уровню образования" {
            assert_eq!(sum + last, 4, "{}", g.title);
        }
    }
}

#[test]
fn the_staff_composition_prints_and_saves_as_xlsx() {
    use calamine::{Data, Reader, Xlsx};
    let (db, year) = school();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("staff.pdf");
    staff_composition::save(&db, year, None, &path).unwrap();
    let text = poppler(
        "pdftotext",
        &["-layout"],
        &save(
            "forms-staff-composition.pdf",
            &std::fs::read(&path).unwrap(),
        ),
    );
    assert!(text.contains("Кадровый состав"));
    assert!(text.contains("Работников: 4, из них педагогических: 3"));
    assert!(text.contains("По педагогическому стажу"));
    let path = dir.path().join("staff.xlsx");
    let form = staff_composition::save(&db, year, None, &path).unwrap();
    save(
        "forms-staff-composition.xlsx",
        &std::fs::read(&path).unwrap(),
    );
    let mut book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let sheet = book.worksheet_range("Кадровый состав").unwrap();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    assert_eq!(rows[4][1], Data::String("Фамилия, имя, отчество".into()));
    assert_eq!(rows[5][1], Data::String("Иванова Анна Петровна".into()));
    assert_eq!(rows[5][7], Data::Float(20.0));
    let women = rows
        .iter()
        .find(|r| r[0] == Data::String("из них женщин".into()))
        .unwrap();
    assert_eq!(women[1..3], [Data::Float(3.0), Data::Float(2.0)]);
    assert_eq!(
        rows.len(),
        5 + form.rows.len() + 2 + 6 + form.summary.iter().map(|g| g.lines.len()).sum::<usize>()
    );
}

#[test]
fn the_details_do_not_repeat_the_level() {
    let mut m = StaffMember {
        education_level: EducationLevel::SecondaryVocational,
        education: "Среднее профессиональное, Ливенский педколледж, 1997".into(),
        ..StaffMember::blank()
    };
    assert_eq!(
        staff_composition::education_details(&m),
        "Ливенский педколледж, 1997"
    );
    m.education_level = EducationLevel::Higher;
    assert_eq!(
        staff_composition::education_details(&m),
        "Среднее профессиональное, Ливенский педколледж, 1997"
    );
}
