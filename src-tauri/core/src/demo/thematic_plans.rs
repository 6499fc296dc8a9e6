//! The demo's thematic plans: mathematics of grade 5 (5 А, copied to 5 Б as a teacher of the
//! grade shares a plan), Russian of 5 А and physics of 7 А, by the sections of the usual
//! textbooks, each ending with a test, dates from the demo timetable; and their textbooks. The
//! other classes are left without plans, so the overview shows what is missing.

use crate::db::Db;
use crate::error::Result;
use crate::thematic_plans::{
    self, copy_to_class, distribute_dates, key_by_names, Section, ThematicPlan, Topic, TopicKind,
};

/// Sections of mathematics in grade 5 and their hours: 204 in all, 6 a week.
const MATH_5: [(&str, usize); 9] = [
    ("Натуральные числа и шкалы", 20),
    ("Сложение и вычитание натуральных чисел", 24),
    ("Умножение и деление натуральных чисел", 30),
    ("Площади и объёмы", 16),
    ("Обыкновенные дроби", 30),
    ("Десятичные дроби. Сложение и вычитание", 18),
    ("Умножение и деление десятичных дробей", 32),
    ("Инструменты для вычислений и измерений", 20),
    ("Повторение", 14),
];

const MATH_5_TEXTBOOKS: [&str; 2] = [
    "Виленкин Н. Я., Жохов В. И., Чесноков А. С. Математика. 5 класс. В 2 ч. — М.: Просвещение",
    "Рабочая тетрадь по математике. 5 класс",
];

/// Russian in grade 5: 170 hours, 5 a week.
const RUSSIAN_5: [(&str, usize); 8] = [
    ("Повторение изученного в начальных классах", 16),
    ("Синтаксис. Пунктуация. Культура речи", 30),
    ("Фонетика. Орфоэпия. Графика", 16),
    ("Лексика. Культура речи", 12),
    ("Морфемика. Орфография", 22),
    ("Морфология. Имя существительное", 24),
    ("Имя прилагательное. Глагол", 40),
    ("Повторение", 10),
];

const RUSSIAN_5_TEXTBOOKS: [&str; 1] = [
    "Ладыженская Т. А., Баранов М. Т., Тростенцова Л. А. Русский язык. 5 класс. В 2 ч. — М.: Просвещение",
];

/// Physics in grade 7: 68 hours, 2 a week.
const PHYSICS_7: [(&str, usize); 5] = [
    ("Физика и её роль в познании окружающего мира", 6),
    ("Первоначальные сведения о строении вещества", 6),
    ("Взаимодействие тел", 23),
    ("Давление твёрдых тел, жидкостей и газов", 21),
    ("Работа и мощность. Энергия", 12),
];

const PHYSICS_7_TEXTBOOKS: [&str; 1] =
    ["Пёрышкин И. М., Иванов А. И. Физика. 7 класс. — М.: Просвещение"];

/// One-hour lessons of a section; every section but the review ends with a test.
fn section(index: usize, name: &str, hours: usize) -> Section {
    let lesson = |j: usize, topic: String, kind| Topic {
        id: None,
        number: j as i64,
        topic,
        hours: 1.0,
        kind,
        planned_date: None,
    };
    let tested = name != "Повторение";
    let mut topics: Vec<Topic> = (1..=hours - usize::from(tested))
        .map(|j| lesson(j, format!("{name} ({j})"), TopicKind::Lesson))
        .collect();
    if tested {
        topics.push(lesson(
            hours,
            format!(
                "Контрольная работа № {}: {}",
                index + 1,
                name.to_lowercase()
            ),
            TopicKind::Test,
        ));
    }
    Section {
        id: None,
        number: index as i64 + 1,
        name: name.to_string(),
        topics,
    }
}

/// The dated plan of a class and subject from its sections and hours, with the grade's textbooks;
/// gives the plan's id.
fn plan(
    db: &Db,
    year_id: i64,
    (class, grade, subject): (&str, i32, &str),
    sections: &[(&str, usize)],
    textbooks: &[&str],
) -> Result<i64> {
    let key = key_by_names(db, class, subject)?;
    let titles: Vec<String> = textbooks.iter().map(|t| t.to_string()).collect();
    thematic_plans::set_textbooks(db, year_id, key.subject_id, grade, &titles)?;
    let mut plan = ThematicPlan::new(key);
    plan.sections = sections
        .iter()
        .enumerate()
        .map(|(i, (name, hours))| section(i, name, *hours))
        .collect();
    let id = thematic_plans::save(db, &plan)?
        .value
        .id
        .unwrap_or_default();
    distribute_dates(db, id)?;
    Ok(id)
}

pub fn create(db: &Db, year_id: i64) -> Result<()> {
    let math = plan(
        db,
        year_id,
        ("5 А", 5, "Математика"),
        &MATH_5,
        &MATH_5_TEXTBOOKS,
    )?;
    let b = key_by_names(db, "5 Б", "Математика")?;
    let copy = copy_to_class(db, math, b.class_id, false)?;
    distribute_dates(db, copy.value.id.unwrap_or_default())?;
    plan(
        db,
        year_id,
        ("5 А", 5, "Русский язык"),
        &RUSSIAN_5,
        &RUSSIAN_5_TEXTBOOKS,
    )?;
    plan(
        db,
        year_id,
        ("7 А", 7, "Физика"),
        &PHYSICS_7,
        &PHYSICS_7_TEXTBOOKS,
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::thematic_plans::{find, key_by_names, overview, PlanStatus};
    use crate::Db;

    #[test]
    fn the_demo_plans_match_the_curriculum_and_are_dated() {
        let db = Db::in_memory().unwrap();
        crate::demo::create(&db).unwrap();
        for class in ["5 А", "5 Б"] {
            let key = key_by_names(&db, class, "Математика").unwrap();
            let plan = find(&db, &key).unwrap().unwrap();
            assert_eq!(plan.totals.difference, Some(0.0), "{class}");
            assert_eq!(plan.textbooks.len(), 2);
            // The calendar has a few lessons fewer than 34 full weeks: the last topics wait for
            // the teacher to place them.
            let dated: Vec<_> = plan.topics().map(|t| t.planned_date).collect();
            let undated = dated
                .iter()
                .position(Option::is_none)
                .unwrap_or(dated.len());
            assert!(undated > 190, "{class}: {undated}");
            assert!(dated[undated..].iter().all(Option::is_none));
        }
        let year = crate::year::current(&db).unwrap().unwrap().id.unwrap();
        let rows = overview(&db, year).unwrap();
        assert_eq!(
            rows.iter().filter(|r| r.status == PlanStatus::Ok).count(),
            4
        );
        for (class, subject) in [("5 А", "Русский язык"), ("7 А", "Физика")] {
            let key = key_by_names(&db, class, subject).unwrap();
            let plan = find(&db, &key).unwrap().unwrap();
            assert_eq!(plan.totals.difference, Some(0.0), "{class} {subject}");
            assert!(plan.topics().next().unwrap().planned_date.is_some());
        }
        assert!(rows.iter().any(|r| r.status == PlanStatus::Missing));
    }
}
