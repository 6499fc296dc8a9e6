//! The demo's students: families with one to three children placed into classes with room,
//! guardians shared by siblings, consents for most, a few departures in September.

use super::*;

/// A family: a surname, the father's name (the children's patronymic), the guardians and the
/// address they share.
pub(super) struct Family {
    surname: &'static str,
    father: (&'static str, &'static str, &'static str),
    address: String,
    guardians: Vec<(i64, Relation)>,
}

/// The day of birth of a child of `grade` in 2026-2027: 6½ to 7½ years old on 1 September
/// of the year they started school.
pub(super) fn birth_for_grade(rng: &mut Rng, grade: i32) -> NaiveDate {
    let shift = grade - 1;
    rng.day_between(date(2019 - shift, 3, 1), date(2020 - shift, 2, 28))
}

pub(super) fn create_students(db: &Db, classes: &[DemoClass], n: &mut Numbers) -> Result<()> {
    // Seats left in each class; children are placed into classes with room, siblings apart.
    let mut seats: Vec<usize> = classes.iter().map(|c| c.seats).collect();
    let mut file_numbers: Vec<(char, u32)> = Vec::new();
    let mut departures = 0;
    let mut enrolments = movement::Enrolments::default();
    while seats.iter().any(|&s| s > 0) {
        let children = match n.rng.below(100) {
            0..=71 => 1,
            72..=95 => 2,
            _ => 3,
        };
        let mut family = Family {
            surname: n.rng.pick(SURNAMES),
            father: n.rng.pick(FATHERS),
            address: n.address(),
            guardians: Vec::new(),
        };
        let mut used_grades: Vec<i32> = Vec::new();
        for child in 0..children {
            let open: Vec<usize> = (0..classes.len())
                .filter(|&i| seats[i] > 0 && !used_grades.contains(&classes[i].grade))
                .collect();
            if open.is_empty() {
                break;
            }
            let i = n.rng.pick(&open);
            seats[i] -= 1;
            used_grades.push(classes[i].grade);
            let (student, enrolment) = new_student(&mut family, &classes[i], n, &mut file_numbers);
            let id = students::save(db, &student, today())?
                .value
                .id
                .unwrap_or_default();
            enrolments.record(
                db.conn(),
                id,
                classes[i].id,
                enrolment.date_on,
                &enrolment.order,
            )?;
            if child == 0 {
                create_guardians(db, &mut family, id, n)?;
            } else {
                for &(g, relation) in &family.guardians {
                    students::link_guardian(db, id, g, relation)?;
                }
            }
            if n.rng.chance(93) {
                let given_on = enrolment
                    .date_on
                    .unwrap_or(today())
                    .max(date(2026, 8, 20))
                    .min(date(2026, 9, 15));
                consent(db, Some(id), None, given_on, n)?;
            }
            // A few left in September: they stay in the class's list of the year.
            let long_here = enrolment.date_on.is_some_and(|e| e < date(2026, 9, 1));
            if departures < 4 && classes[i].grade >= 3 && long_here && n.rng.chance(1) {
                departures += 1;
                depart(db, id, departures, n)?;
            }
        }
    }
    Ok(())
}

/// When a student was enrolled, and by which order.
pub(super) struct Enrolment {
    date_on: Option<NaiveDate>,
    order: Order,
}

/// A new student of the class (their card, saved without a class) and their enrolment.
pub(super) fn new_student(
    family: &mut Family,
    class: &DemoClass,
    n: &mut Numbers,
    file_numbers: &mut Vec<(char, u32)>,
) -> (Student, Enrolment) {
    let rng = &mut n.rng;
    let sex = if rng.chance(50) {
        Sex::Male
    } else {
        Sex::Female
    };
    let (first, patronymic) = match sex {
        Sex::Male => (rng.pick(MALE_NAMES), family.father.1),
        Sex::Female => (rng.pick(FEMALE_NAMES), family.father.2),
    };
    let last = surname(family.surname, sex);
    let birth = birth_for_grade(rng, class.grade);
    // Most started in grade 1 here; some arrived later, grade 10 often from other schools.
    let started = 2026 - (class.grade - 1);
    let arrived_later = (class.grade >= 10 && rng.chance(30)) || rng.chance(12);
    let enrolled_on = if arrived_later && class.grade > 1 {
        let from = if class.grade >= 10 { 2025 } else { started + 1 };
        rng.day_between(date(from.min(2026), 9, 1), date(2026, 9, 15))
    } else {
        date(started, 9, 1)
    };
    let order_date = if enrolled_on.month() == 9 && enrolled_on.day() == 1 {
        enrolled_on - Days::new(3 + rng.below(10))
    } else {
        enrolled_on
    };
    // «ё-1» and «е-1» are the same file number: Ёлкин files under «е».
    let letter = last
        .chars()
        .next()
        .map_or('а', |c| c.to_lowercase().next().unwrap_or(c));
    let letter = if letter == 'ё' { 'е' } else { letter };
    let number = match file_numbers.iter_mut().find(|(l, _)| *l == letter) {
        Some((_, count)) => {
            *count += 1;
            *count
        }
        None => {
            file_numbers.push((letter, 1));
            1
        }
    };
    let citizenship = match rng.below(100) {
        0 => "Беларусь",
        1 => "Казахстан",
        _ => "Россия",
    };
    let study_form = match rng.below(200) {
        0..=1 => StudyForm::Home,
        2 => StudyForm::Family,
        _ => StudyForm::FullTime,
    };
    let actual_address = if rng.chance(10) {
        n.address()
    } else {
        family.address.clone()
    };
    let snils = if n.rng.chance(92) {
        n.snils()
    } else {
        String::new()
    };
    let enrolment = Enrolment {
        date_on: Some(enrolled_on),
        order: n.order("у", order_date),
    };
    let mut student = Student {
        file_number: format!("{letter}-{number}"),
        last_name: last,
        first_name: first.into(),
        patronymic: patronymic.into(),
        sex,
        birth_date: Some(birth),
        citizenship: citizenship.into(),
        registered_address: family.address.clone(),
        actual_address,
        snils,
        study_form,
        ..Student::listed(String::new(), Default::default(), sex, None)
    };
    statistics::fill_health(&mut student);
    (student, enrolment)
}

/// The first child's guardians: a mother almost always, a father in most families, now and
/// then a grandmother as the appointed guardian instead.
pub(super) fn create_guardians(
    db: &Db,
    family: &mut Family,
    student_id: i64,
    n: &mut Numbers,
) -> Result<()> {
    let mut people: Vec<(Guardian, Relation)> = Vec::new();
    let rng = &mut n.rng;
    if rng.chance(2) {
        let grandmother = Guardian {
            last_name: female_surname(family.surname),
            first_name: (rng.pick(FEMALE_NAMES)).into(),
            patronymic: rng.pick(FATHERS).2.into(),
            ..blank_guardian()
        };
        people.push((grandmother, Relation::Guardian));
    } else {
        let mother_surname = if rng.chance(92) {
            female_surname(family.surname)
        } else {
            female_surname(rng.pick(SURNAMES))
        };
        people.push((
            Guardian {
                last_name: mother_surname,
                first_name: (rng.pick(FEMALE_NAMES)).into(),
                patronymic: rng.pick(FATHERS).2.into(),
                ..blank_guardian()
            },
            Relation::Mother,
        ));
        if rng.chance(75) {
            people.push((
                Guardian {
                    last_name: family.surname.into(),
                    first_name: family.father.0.into(),
                    patronymic: rng.pick(FATHERS).1.into(),
                    ..blank_guardian()
                },
                Relation::Father,
            ));
        }
    }
    for (mut g, relation) in people {
        g.phone = n.phone();
        if n.rng.chance(30) {
            g.phone_extra = n.phone();
        }
        if n.rng.chance(40) {
            g.email = format!(
                "{}{}@mail.ru",
                transliterate(&g.last_name),
                n.rng.range(1, 999)
            );
        }
        if n.rng.chance(85) {
            g.snils = n.snils();
        }
        g.address = family.address.clone();
        let saved = students::save_student_guardian(
            db,
            student_id,
            &StudentGuardian {
                guardian: g,
                relation,
            },
        )?;
        let id = saved.value.guardian.id.unwrap_or_default();
        family.guardians.push((id, relation));
        if n.rng.chance(90) {
            let given_on = n.rng.day_between(date(2026, 8, 25), date(2026, 9, 10));
            consent(db, None, Some(id), given_on, n)?;
        }
    }
    Ok(())
}

pub(super) fn blank_guardian() -> Guardian {
    Guardian {
        id: None,
        last_name: String::new(),
        first_name: String::new(),
        patronymic: String::new(),
        phone: String::new(),
        phone_extra: String::new(),
        email: String::new(),
        snils: String::new(),
        address: String::new(),
        note: String::new(),
        children: 0,
    }
}

pub(super) fn consent(
    db: &Db,
    student_id: Option<i64>,
    guardian_id: Option<i64>,
    given_on: NaiveDate,
    n: &mut Numbers,
) -> Result<()> {
    // One in fifty consents was withdrawn later in September.
    let withdrawn_on = n.rng.chance(2).then(|| {
        n.rng
            .day_between(given_on.max(date(2026, 9, 10)), date(2026, 9, 30))
    });
    students::save_consent(
        db,
        &Consent {
            id: None,
            student_id,
            guardian_id,
            given_on: Some(given_on),
            withdrawn_on,
            note: String::new(),
        },
        today(),
    )?;
    Ok(())
}

pub(super) fn depart(db: &Db, id: i64, nth: u32, n: &mut Numbers) -> Result<()> {
    let day = date(2026, 9, 10 + 4 * nth);
    let (reason, destination) = match nth {
        1 => (DepartureReason::OtherSchool, "МБОУ «Лицей № 1» г. Орла"),
        2 => (DepartureReason::OtherSchool, "МБОУ СОШ № 4 г. Ливны"),
        3 => (DepartureReason::FamilyEducation, "Семейное образование"),
        _ => (DepartureReason::Other, "Неизвестно"),
    };
    movement::leave(
        db,
        &Departure {
            student_id: id,
            on: day,
            reason,
            destination: destination.into(),
            order: n.order("у", day),
            note: String::new(),
        },
    )?;
    Ok(())
}
